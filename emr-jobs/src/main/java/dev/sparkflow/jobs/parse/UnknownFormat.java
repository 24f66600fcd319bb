package dev.sparkflow.jobs.parse;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names what a file no reader takes looks like, so its rejection tells the user what they dropped: a spreadsheet,
 * an archive or a PDF from its first bytes; JSON, an HTML page or an XML document of another kind from its text.
 * Only the beginning of a file is looked at.
 */
final class UnknownFormat {
    private static final Pattern XML_ROOT = Pattern.compile("<([A-Za-z_][\\w.-]*:)?([A-Za-z_][\\w.-]*)([^>]*)>");
    private static final Pattern NAMESPACE = Pattern.compile("xmlns(?::[\\w.-]+)?\\s*=\\s*[\"']([^\"']{1,200})[\"']");

    private UnknownFormat() {
    }

    /** What a file whose bytes a text reader cannot take is: from its magic number. */
    static String ofBytes(byte[] bytes) {
        if (startsWith(bytes, 0x50, 0x4B, 0x03, 0x04)) {
            return "a ZIP container: an .xlsx or .ods spreadsheet, or a .zip archive (export the sheet as CSV)";
        }
        if (startsWith(bytes, 0xD0, 0xCF, 0x11, 0xE0)) return "an old Office document (.xls): export the sheet as CSV";
        if (startsWith(bytes, 0x1F, 0x8B)) return "a gzip archive: unpack it first";
        if (startsWith(bytes, '%', 'P', 'D', 'F')) return "a PDF document: ask the bank for CSV, OFX, CAMT or MT940";
        return null;
    }

    /** What a text that is no statement format and no CSV looks like (JSON, HTML, XML of another kind), if any. */
    static Optional<String> ofText(DecodedText text) {
        StringBuilder head = new StringBuilder();
        for (DecodedText.Line line : text.lines()) {
            head.append(line.text()).append('\n');
            if (head.length() > 2048) break;
        }
        String h = head.toString().strip();
        String lower = h.toLowerCase(Locale.ROOT);
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html") || lower.contains("<html")
                && lower.contains("<body")) {
            return Optional.of("an HTML page (a web page saved instead of the bank's export)");
        }
        if ((h.startsWith("{") || h.startsWith("[")) && (h.contains("\":") || h.startsWith("[{") || h.startsWith("[\"")
                || h.equals("[]") || h.equals("{}"))) {
            return Optional.of("JSON, not a bank statement format SparkFlow reads");
        }
        if (h.startsWith("<")) {
            String body = h.replaceAll("(?s)<\\?.*?\\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "").strip();
            Matcher m = XML_ROOT.matcher(body);
            if (body.startsWith("<") && m.lookingAt()) {
                Matcher ns = NAMESPACE.matcher(m.group(3));
                return Optional.of("an XML document <" + m.group(2) + ">" + (ns.find() ? " (" + ns.group(1) + ")" : "")
                        + ", not an OFX or ISO 20022 statement");
            }
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int... magic) {
        if (bytes.length < magic.length) return false;
        for (int i = 0; i < magic.length; i++) {
            if ((bytes[i] & 0xFF) != magic[i]) return false;
        }
        return true;
    }
}
