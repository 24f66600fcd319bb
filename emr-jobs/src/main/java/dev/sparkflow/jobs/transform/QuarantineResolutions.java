package dev.sparkflow.jobs.transform;

import dev.sparkflow.jobs.model.QuarantineEntry;
import dev.sparkflow.jobs.model.Resolution;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A replay's rules for the quarantine: which entries are open, and how re-reading their files settles them. A line
 * that now passes (or is a named non-data line) resolves its entry; one that still fails for the same reason leaves
 * its entry open and gets no second one; one that fails for another reason gets a new entry in the replay batch,
 * which supersedes the old. So a line is never counted twice as open.
 */
public final class QuarantineResolutions {
    private QuarantineResolutions() {
    }

    /** The replay's decisions: entries settled, and the rejections (by {@link #rejectionKey}) not to write again. */
    public record Settled(List<Resolution> resolutions, Set<String> stillOpen) {
        public Settled {
            resolutions = List.copyOf(resolutions);
            stillOpen = Set.copyOf(stillOpen);
        }
    }

    /** The entries no replay has settled yet ({@code settled}: the keys of resolved or superseded entries). */
    public static List<QuarantineEntry> open(List<QuarantineEntry> entries, Set<String> settled) {
        return entries.stream().filter(e -> !settled.contains(e.key())).toList();
    }

    /**
     * Settles the open entries of the files a replay re-read.
     * @param rejectedNow per file sha256, the replay's rejected lines and their reason codes
     */
    public static Settled settle(List<QuarantineEntry> open, Map<String, Map<Integer, String>> rejectedNow,
                                 String replayBatch) {
        List<Resolution> resolutions = new ArrayList<>();
        Set<String> stillOpen = new HashSet<>();
        for (QuarantineEntry e : open) {
            Map<Integer, String> lines = rejectedNow.get(e.sha256());
            if (lines == null) continue;  // not re-read by this replay
            String now = lines.get(e.lineNumber());
            if (now == null) {
                resolutions.add(new Resolution(e, replayBatch, Resolution.RESOLVED, null));
            } else if (now.equals(e.reasonCode())) {
                stillOpen.add(rejectionKey(e.sha256(), e.lineNumber(), now));
            } else {
                resolutions.add(new Resolution(e, replayBatch, Resolution.SUPERSEDED, now));
            }
        }
        return new Settled(resolutions, stillOpen);
    }

    /** What identifies a quarantined line and why: the file's sha256, the line number and the reason code. */
    public static String rejectionKey(String sha256, int lineNumber, String reasonCode) {
        return sha256 + ":" + lineNumber + ":" + reasonCode;
    }

    /** Entries per reason code, sorted. */
    public static Map<String, Long> byReason(List<QuarantineEntry> entries) {
        Map<String, Long> counts = new TreeMap<>();
        entries.forEach(e -> counts.merge(e.reasonCode(), 1L, Long::sum));
        return counts;
    }
}
