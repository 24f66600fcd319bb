package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.ReasonCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one line into fields, RFC 4180 style: quoted fields may hold the delimiter and doubled quotes,
 * but never span lines (bank exports do not do that, and a broken quote must not swallow the file).
 * A quote inside an unquoted field is kept as text (12" pizza).
 */
public final class CsvSplitter {
    private CsvSplitter() {
    }

    /** Fields of a line, or the reason it cannot be split. */
    public record Split(List<String> fields, ReasonCode error) {
        public boolean ok() {
            return error == null;
        }
    }

    public static Split split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            while (i < n && line.charAt(i) == ' ') i++;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        i++;
                        break;
                    }
                    field.append(c);
                    i++;
                }
                if (!closed) {
                    return new Split(null, ReasonCode.UNBALANCED_QUOTE);
                }
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t') && line.charAt(i) != delimiter) i++;
                if (i < n && line.charAt(i) != delimiter) {
                    return new Split(null, ReasonCode.STRAY_QUOTE);
                }
                fields.add(field.toString());
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) end = n;
                fields.add(line.substring(i, end).trim());
                i = end;
            }
            if (i >= n) {
                return new Split(fields, null);
            }
            i++; // past the delimiter
            if (i == n) {
                fields.add("");
                return new Split(fields, null);
            }
        }
    }
}
