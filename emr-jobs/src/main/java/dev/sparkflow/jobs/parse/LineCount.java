package dev.sparkflow.jobs.parse;

import java.io.OutputStream;

/**
 * Counts the lines and bytes written to it, splitting lines as {@link TextDecoder} does (a line ends at \n, \r\n
 * or a lone \r; a last line needs no end). The lines of a file no reader decodes are counted this way, on the
 * stream that archives it, so even a file that is never read into memory has its lines in the report.
 */
public final class LineCount extends OutputStream {
    private long lines, bytes;
    private boolean inLine, afterCr;

    /** The lines of {@code bytes}, saturated at {@link Integer#MAX_VALUE}. */
    public static int of(byte[] bytes) {
        LineCount count = new LineCount();
        count.write(bytes, 0, bytes.length);
        return count.linesAsInt();
    }

    @Override
    public void write(int b) {
        bytes++;
        if (b == '\n') {
            if (!afterCr) lines++;
            inLine = false;
            afterCr = false;
        } else if (b == '\r') {
            lines++;
            inLine = false;
            afterCr = true;
        } else {
            inLine = true;
            afterCr = false;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) write(b[i]);
    }

    public long lines() {
        return inLine ? lines + 1 : lines;
    }

    /**
     * The lines as a report counts them. More than 2^31 lines means more than 2 GiB, far over the size limit, so
     * such a file is never parsed and its count saturates rather than stop the batch.
     */
    public int linesAsInt() {
        return (int) Math.min(lines(), Integer.MAX_VALUE);
    }

    public long bytes() {
        return bytes;
    }
}
