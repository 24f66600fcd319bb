package dev.sparkflow.launcher.model;

import dev.sparkflow.launcher.api.ErrorCode;
import java.util.regex.Pattern;

/** Checks an IPv4 CIDR block such as {@code 203.0.113.7/32}. */
public final class Cidr {
    /** The widest block a caller may open SSH to: 8 addresses, enough for a small office's NAT pool. */
    public static final int WIDEST_PREFIX = 29;
    private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    private Cidr() {
    }

    /** Throws {@link RequestException} unless {@code text} is an IPv4 CIDR of at most {@value #WIDEST_PREFIX} bits' width. */
    public static void validate(String text) {
        var match = IPV4_CIDR.matcher(text.trim());
        if (!match.matches()) {
            throw malformed(text, "expected a.b.c.d/n");
        }
        for (int group = 1; group <= 4; group++) {
            if (Integer.parseInt(match.group(group)) > 255) {
                throw malformed(text, "octet out of range");
            }
        }
        int prefix = Integer.parseInt(match.group(5));
        if (prefix < WIDEST_PREFIX || prefix > 32) {
            // SSH is opened to one caller's address, not to their provider's network (a /16 is 65,536 hosts).
            throw malformed(text, "prefix must be between /" + WIDEST_PREFIX + " and /32");
        }
    }

    private static RequestException malformed(String text, String why) {
        return new RequestException(ErrorCode.MALFORMED_CIDR, "malformed caller CIDR '" + text + "': " + why);
    }
}
