package dev.sparkflow.jobs.parse;

import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An OFX document (1.x SGML or 2.x XML, and the mixtures banks send) read into a tree of elements, each with the
 * line its tag opens on. One forward pass with an explicit stack, never recursion, tolerant of what real exports do:
 * <ul>
 *   <li>a header of {@code KEY:VALUE} lines with or without the blank line after it (or all on one line), the XML
 *       {@code <?xml?>} and {@code <?OFX?>} processing instructions, or no header at all;</li>
 *   <li>SGML leaves never closed ({@code <NAME>Shop}), XML leaves closed ({@code <NAME>Shop</NAME>}), empty elements
 *       ({@code <BANKID/>}, {@code <BANKID></BANKID>}, {@code <MEMO>} followed by a closing tag), tag names in any
 *       case, {@code <OFX >} with blanks, CDATA sections, comments and stray text;</li>
 *   <li>an aggregate whose closing tag is missing: closed by the closing tag of an element it sits in, by a new
 *       start of the same aggregate ({@code <STMTTRN>} while one is open), or by the end of the file (then
 *       {@link Element#endedByEof()} says so); a closing tag of an element that is not open is ignored;</li>
 *   <li>an element with no text that is followed by other elements but never closed is an empty SGML leaf, not an
 *       aggregate, unless its name is one of the OFX aggregates: what it seemed to hold moves up to its parent;</li>
 *   <li>the character entities {@code &amp; &lt; &gt; &quot; &apos;} and numeric ones ({@code &#39; &#x27;})
 *       decoded in text, and a double-escaped {@code &amp;amp;} or {@code &amp;lt;} decoded once more; a bare
 *       {@code &} stays as it is.</li>
 * </ul>
 * Aggregates nest at most {@value #MAX_DEPTH} deep: an element deeper than that is kept, flat, in the deepest
 * aggregate allowed, and {@link #tooDeepAt()} names the line where that first happened, so that a caller can reject
 * the document while the tree stays bounded.
 */
final class OfxDocument {
    /** Real statements nest about ten aggregates deep; a file nesting thousands deep is an attack or garbage. */
    static final int MAX_DEPTH = 64;
    /** A start tag longer than this is not markup but text holding a {@code <}. */
    private static final int MAX_TAG = 256;

    /**
     * The aggregates of the OFX banking, credit card, investment, sign-on, sign-up and security-list messages: an
     * element of these names holds elements even when its closing tag is missing. Other names decide by shape.
     */
    static final Set<String> AGGREGATES = Set.of(
            "OFX", "SIGNONMSGSRSV1", "SIGNONMSGSRSV2", "SONRS", "STATUS", "FI", "SIGNUPMSGSRSV1", "ACCTINFOTRNRS",
            "ACCTINFORS", "ACCTINFO", "BANKACCTINFO", "CCACCTINFO", "INVACCTINFO",
            "BANKMSGSRSV1", "BANKMSGSRSV2", "STMTTRNRS", "STMTRS", "STMTENDTRNRS", "STMTENDRS", "BANKACCTFROM",
            "BANKACCTTO", "CCACCTFROM", "CCACCTTO", "BANKTRANLIST", "STMTTRN", "PAYEE", "CURRENCY", "ORIGCURRENCY",
            "LEDGERBAL", "AVAILBAL", "BALLIST", "BAL", "CREDITCARDMSGSRSV1", "CCSTMTTRNRS", "CCSTMTRS",
            "CCSTMTENDTRNRS", "CCSTMTENDRS", "INVSTMTMSGSRSV1", "INVSTMTTRNRS", "INVSTMTRS", "INVACCTFROM",
            "INVTRANLIST", "INVBANKTRAN", "INVTRAN", "INVBUY", "INVSELL", "BUYSTOCK", "SELLSTOCK", "BUYMF", "SELLMF",
            "BUYDEBT", "SELLDEBT", "BUYOPT", "SELLOPT", "BUYOTHER", "SELLOTHER", "INCOME", "REINVEST", "RETOFCAP",
            "SPLIT", "TRANSFER", "JRNLFUND", "JRNLSEC", "MARGININTEREST", "CLOSUREOPT", "INVEXPENSE", "SECID",
            "INVPOSLIST", "POSSTOCK", "POSMF", "POSDEBT", "POSOPT", "POSOTHER", "INVPOS", "INVBAL", "INVOOLIST",
            "SECLISTMSGSRSV1", "SECLIST", "STOCKINFO", "MFINFO", "DEBTINFO", "OPTINFO", "OTHERINFO", "SECINFO",
            "INV401K", "INV401KBAL", "MFASSETCLASS", "FIMFASSETCLASS", "PORTION", "FIPORTION");

    /** One element: its upper-case name, the line its start tag is on, and its text (a leaf) or children. */
    static final class Element {
        private final String name;
        private final int line;
        private final int start;
        private int end = -1;
        private String text;
        private Element parent;
        private List<Element> children;
        private boolean closed;
        private boolean endedByEof;

        private Element(String name, int line, int start) {
            this.name = name;
            this.line = line;
            this.start = start;
        }

        /** The tag name, upper case. */
        String name() {
            return name;
        }

        /** The 1-based line on which the element's start tag begins. */
        int line() {
            return line;
        }

        /** Whether the element holds text rather than elements (an empty element is a leaf with text ""). */
        boolean isLeaf() {
            return text != null;
        }

        /** The decoded, stripped text of a leaf; "" for an aggregate. */
        String text() {
            return text == null ? "" : text;
        }

        Element parent() {
            return parent;
        }

        List<Element> children() {
            return children == null ? List.of() : Collections.unmodifiableList(children);
        }

        /** Whether the element's own closing tag was found (XML leaves, SGML aggregates). */
        boolean closed() {
            return closed;
        }

        /** Whether the document ended while this aggregate was still open (a file cut off, or a careless writer). */
        boolean endedByEof() {
            return endedByEof;
        }

        /** The first child named {@code childName}, or null. */
        Element child(String childName) {
            if (children == null) return null;
            for (Element c : children) if (c.name.equals(childName)) return c;
            return null;
        }

        /** The text of the first child named {@code childName}, or null when there is no such child. */
        String value(String childName) {
            Element c = child(childName);
            return c == null ? null : c.text();
        }

        /** The first element named {@code elementName} below this one, in document order, or null. */
        Element first(String elementName) {
            List<Element> found = collect(elementName, 1);
            return found.isEmpty() ? null : found.get(0);
        }

        /** Every element named {@code elementName} below this one, in document order. */
        List<Element> all(String elementName) {
            return collect(elementName, Integer.MAX_VALUE);
        }

        /** The nearest element above this one named one of {@code names}, or null. */
        Element ancestor(Set<String> names) {
            for (Element e = parent; e != null; e = e.parent) if (names.contains(e.name)) return e;
            return null;
        }

        /** Every element below this one, in document order (pre-order, iterative). */
        List<Element> descendants() {
            return collect(null, Integer.MAX_VALUE);
        }

        private List<Element> collect(String wanted, int limit) {
            List<Element> out = new ArrayList<>();
            Deque<Element> todo = new ArrayDeque<>();
            pushChildren(todo, this);
            while (!todo.isEmpty() && out.size() < limit) {
                Element e = todo.pop();
                if (wanted == null || e.name.equals(wanted)) out.add(e);
                pushChildren(todo, e);
            }
            return out;
        }

        private static void pushChildren(Deque<Element> todo, Element e) {
            if (e.children == null) return;
            for (int i = e.children.size() - 1; i >= 0; i--) todo.push(e.children.get(i));
        }

        private void add(Element child) {
            if (children == null) children = new ArrayList<>();
            child.parent = this;
            children.add(child);
        }

        @Override
        public String toString() {
            return name + "@" + line + (isLeaf() ? "=" + text : "[" + (children == null ? 0 : children.size()) + "]");
        }
    }

    private final String source;
    private final Element root;
    private final Map<String, String> header;
    private final String xmlEncoding;
    private final boolean xml;
    private final int tooDeepAt;

    private OfxDocument(String source, Element root, Map<String, String> header, String xmlEncoding, boolean xml,
                        int tooDeepAt) {
        this.source = source;
        this.root = root;
        this.header = header;
        this.xmlEncoding = xmlEncoding;
        this.xml = xml;
        this.tooDeepAt = tooDeepAt;
    }

    /** Reads {@code text} (lines joined with {@code \n}); never fails, whatever the text holds. */
    static OfxDocument parse(String text) {
        return new Reader(text).read();
    }

    /** A synthetic element named {@code #document} holding the top-level elements. */
    Element root() {
        return root;
    }

    /** The first {@code OFX} aggregate, or null when the document has none. */
    Element ofx() {
        for (Element e : root.all("OFX")) if (!e.isLeaf()) return e;
        return null;
    }

    /** Every element named {@code name} in the document, in document order. */
    List<Element> all(String name) {
        return root.all(name);
    }

    /**
     * The header fields, keys upper case: the OFX 1.x {@code KEY:VALUE} lines before the first tag, and the
     * attributes of a {@code <?OFX ...?>} instruction (OFXHEADER, VERSION, SECURITY, ...).
     */
    Map<String, String> header() {
        return header;
    }

    /** Whether the document declares itself OFX 2.x XML (an {@code <?xml?>} or {@code <?OFX?>} instruction). */
    boolean xml() {
        return xml;
    }

    /** The line on which aggregates first nest deeper than {@link #MAX_DEPTH}, or empty if they never do. */
    OptionalInt tooDeepAt() {
        return tooDeepAt > 0 ? OptionalInt.of(tooDeepAt) : OptionalInt.empty();
    }

    /**
     * The source text of {@code e} from its start tag up to its closing tag (or to what closed it), stripped: what
     * a quarantine keeps of it.
     */
    String source(Element e) {
        int end = e.end < 0 ? source.length() : e.end;
        return source.substring(e.start, Math.max(e.start, end)).strip();
    }

    /**
     * The charset the header declares: the XML declaration's {@code encoding}, else an OFX 1.x {@code ENCODING:UTF-8},
     * else its {@code CHARSET} (1252 → windows-1252, 8859-1 / ISO-8859-1 → ISO-8859-1, ...); empty when none is
     * declared, the value is NONE or US-ASCII, or the JVM does not know it.
     */
    Optional<Charset> declaredCharset() {
        if (xmlEncoding != null) return charset(xmlEncoding);
        String encoding = header.getOrDefault("ENCODING", "");
        if (encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8")) return charset("UTF-8");
        return charset(header.getOrDefault("CHARSET", ""));
    }

    /** The charset an OFX header value names, if it names one the JVM has (and not plain ASCII). */
    static Optional<Charset> charset(String value) {
        String v = value.strip().toUpperCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("NONE") || v.equals("USASCII") || v.equals("US-ASCII") || v.equals("ASCII")) {
            return Optional.empty();
        }
        String name = v.matches("\\d{4}") ? "windows-" + v
                : v.matches("8859-\\d{1,2}") ? "ISO-" + v
                : v.matches("ISO8859-?\\d{1,2}") ? "ISO-8859-" + v.replaceAll("\\D*8859-?", "")
                : v.equals("LATIN1") || v.equals("LATIN-1") ? "ISO-8859-1" : v;
        try {
            return Charset.isSupported(name) ? Optional.of(Charset.forName(name)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Decodes the character entities of {@code raw}, a double-escaped {@code &amp;amp;} once more; strips it. */
    static String decode(String raw) {
        return unescape(raw).strip();
    }

    private static String unescape(String raw) {
        int amp = raw.indexOf('&');
        if (amp < 0) return raw;
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, amp);
        int i = amp;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '&') {
                out.append(c);
                i++;
                continue;
            }
            int[] entity = entity(raw, i);
            if (entity == null) {
                out.append('&');
                i++;
                continue;
            }
            int next = entity[1];
            if (entity[0] == '&') { // "&amp;lt;": the bank escaped an escaped text, so the rest is an entity too
                int[] twice = doubled(raw, next);
                if (twice != null) {
                    entity = twice;
                    next = twice[1];
                }
            }
            out.appendCodePoint(entity[0]);
            i = next;
        }
        return out.toString();
    }

    /** After a decoded {@code &amp;} ending before {@code at}: the entity its rest spells ({@code lt;}), if any. */
    private static int[] doubled(String raw, int at) {
        int semi = semicolon(raw, at);
        if (semi < 0) return null;
        int[] e = named(raw.substring(at, semi));
        return e == null ? null : new int[]{e[0], semi + 1};
    }

    /** The entity starting at {@code raw[at] == '&'}: {code point, index after it}, or null when none is there. */
    private static int[] entity(String raw, int at) {
        int semi = semicolon(raw, at + 1);
        if (semi < 0) return null;
        int[] e = named(raw.substring(at + 1, semi));
        return e == null ? null : new int[]{e[0], semi + 1};
    }

    /** The {@code ;} ending an entity name that starts at {@code from} (at most 9 characters on), or -1. */
    private static int semicolon(String raw, int from) {
        int limit = Math.min(raw.length(), from + 10);
        for (int i = from; i < limit; i++) if (raw.charAt(i) == ';') return i;
        return -1;
    }

    /** The code point a name between {@code &} and {@code ;} stands for, as a one-element array, or null. */
    private static int[] named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "amp": return new int[]{'&'};
            case "lt": return new int[]{'<'};
            case "gt": return new int[]{'>'};
            case "quot": return new int[]{'"'};
            case "apos": return new int[]{'\''};
            case "nbsp": return new int[]{' '};
            default: break;
        }
        if (name.length() < 2 || name.charAt(0) != '#') return null;
        boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
        String digits = name.substring(hex ? 2 : 1);
        if (digits.isEmpty() || digits.length() > 6) return null;
        try {
            int cp = Integer.parseInt(digits, hex ? 16 : 10);
            return Character.isValidCodePoint(cp) && cp != 0 ? new int[]{cp} : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The single pass over the text. */
    private static final class Reader {
        private final String s;
        private final int n;
        private final Element root = new Element("#document", 1, 0);
        private final Deque<Element> open = new ArrayDeque<>();
        private final Map<String, String> header = new LinkedHashMap<>();
        private String xmlEncoding;
        private boolean xml;
        private int tooDeepAt;
        /** Line counting: the line of {@code linePos}, advanced monotonically. */
        private int line = 1, linePos;
        private boolean seenTag;

        Reader(String s) {
            this.s = s;
            this.n = s.length();
        }

        OfxDocument read() {
            int i = 0;
            while (i < n) {
                int lt = nextMarkup(i);
                if (!seenTag) prolog(i, lt < 0 ? n : lt);
                if (lt < 0) break;
                seenTag = true;
                i = markup(lt);
            }
            while (!open.isEmpty()) {
                Element e = open.pop();
                close(e, n, false);
                if (!e.isLeaf()) e.endedByEof = true;
            }
            root.end = n;
            return new OfxDocument(s, root, Collections.unmodifiableMap(header), xmlEncoding, xml, tooDeepAt);
        }

        /** Text before the first tag: OFX 1.x header fields, {@code KEY:VALUE} separated by blanks or line ends. */
        private void prolog(int from, int to) {
            int i = from;
            while (i < to) {
                while (i < to && Character.isWhitespace(s.charAt(i))) i++;
                int start = i;
                while (i < to && !Character.isWhitespace(s.charAt(i))) i++;
                String token = s.substring(start, i);
                int colon = token.indexOf(':');
                if (colon > 0 && colon < token.length() - 1 && token.substring(0, colon).matches("[A-Za-z]+")) {
                    header.putIfAbsent(token.substring(0, colon).toUpperCase(Locale.ROOT), token.substring(colon + 1));
                }
            }
        }

        /** Handles the markup starting at {@code lt}; returns where reading goes on. */
        private int markup(int lt) {
            char c = s.charAt(lt + 1);
            if (c == '?') return instruction(lt);
            if (c == '!') return declaration(lt);
            if (c == '/') return closeTag(lt);
            return startTag(lt);
        }

        private int instruction(int lt) {
            int end = s.indexOf("?>", lt + 2);
            int after = end < 0 ? n : end + 2;
            String body = s.substring(lt + 2, end < 0 ? n : end);
            String target = body.split("[\\s]", 2)[0].toUpperCase(Locale.ROOT);
            if (target.equals("XML") || target.equals("OFX")) {
                xml = true;
                Map<String, String> attributes = attributes(body);
                if (target.equals("XML")) xmlEncoding = attributes.get("ENCODING");
                else attributes.forEach(header::putIfAbsent);
            }
            return after;
        }

        /** {@code KEY="value"} pairs of an instruction, keys upper case. */
        private static Map<String, String> attributes(String body) {
            Map<String, String> out = new LinkedHashMap<>();
            int i = 0, len = body.length();
            while (i < len) {
                int eq = body.indexOf('=', i);
                if (eq < 0) break;
                int k = eq - 1;
                while (k >= i && Character.isWhitespace(body.charAt(k))) k--;
                int keyEnd = k + 1;
                while (k >= i && !Character.isWhitespace(body.charAt(k))) k--;
                String key = body.substring(k + 1, keyEnd).toUpperCase(Locale.ROOT);
                int v = eq + 1;
                while (v < len && Character.isWhitespace(body.charAt(v))) v++;
                if (v >= len) break;
                char quote = body.charAt(v);
                int valueEnd;
                String value;
                if (quote == '"' || quote == '\'') {
                    valueEnd = body.indexOf(quote, v + 1);
                    if (valueEnd < 0) valueEnd = len;
                    value = body.substring(v + 1, valueEnd);
                    valueEnd++;
                } else {
                    valueEnd = v;
                    while (valueEnd < len && !Character.isWhitespace(body.charAt(valueEnd))) valueEnd++;
                    value = body.substring(v, valueEnd);
                }
                if (!key.isEmpty()) out.putIfAbsent(key, value);
                i = valueEnd;
            }
            return out;
        }

        /** A comment, a DOCTYPE or a stray CDATA section outside a leaf: skipped. */
        private int declaration(int lt) {
            if (s.startsWith("<!--", lt)) {
                int end = s.indexOf("-->", lt + 4);
                return end < 0 ? n : end + 3;
            }
            if (s.startsWith("<![CDATA[", lt)) {
                int end = s.indexOf("]]>", lt + 9);
                return end < 0 ? n : end + 3;
            }
            int end = s.indexOf('>', lt + 2);
            return end < 0 ? n : end + 1;
        }

        private int closeTag(int lt) {
            int gt = s.indexOf('>', lt);
            String name = tagName(lt + 2, gt);
            Element match = null;
            for (Element e : open) {
                if (e.name.equals(name)) {
                    match = e;
                    break;
                }
            }
            if (match != null) {
                while (true) {
                    Element e = open.pop();
                    close(e, lt, e == match);
                    if (e == match) break;
                }
            }
            return gt + 1;
        }

        private int startTag(int lt) {
            int gt = s.indexOf('>', lt);
            boolean selfClosing = s.charAt(gt - 1) == '/';
            String name = tagName(lt + 1, selfClosing ? gt - 1 : gt);
            Element e = new Element(name, lineAt(lt), lt);
            if (AGGREGATES.contains(name)) {
                for (Element o : open) {
                    if (o.name.equals(name)) { // a new STMTTRN while one is open: the open one ended here
                        while (true) {
                            Element top = open.pop();
                            close(top, lt, false);
                            if (top == o) break;
                        }
                        break;
                    }
                }
            }
            Element parent = open.isEmpty() ? root : open.peek();
            parent.add(e);
            if (selfClosing) {
                e.text = "";
                e.closed = true;
                e.end = gt + 1;
                return gt + 1;
            }
            // What follows the tag decides: text makes a leaf; a closing tag an empty leaf; a start tag an aggregate.
            int textStart = gt + 1;
            StringBuilder text = new StringBuilder();
            int i = textStart;
            while (true) {
                int next = nextMarkup(i);
                int upTo = next < 0 ? n : next;
                text.append(s, i, upTo);
                if (next >= 0 && s.startsWith("<![CDATA[", next)) {
                    int end = s.indexOf("]]>", next + 9);
                    int cdataEnd = end < 0 ? n : end;
                    text.append('\u0000').append(s, next + 9, cdataEnd).append('\u0000'); // kept as is, not decoded
                    i = end < 0 ? n : end + 3;
                    continue;
                }
                i = upTo;
                break;
            }
            boolean blank = text.toString().isBlank();
            if (!blank) {
                e.text = leafText(text);
                e.end = i;
                if (i < n && isCloseOf(i, name)) {
                    e.closed = true;
                    return s.indexOf('>', i) + 1;
                }
                return i;
            }
            if (!AGGREGATES.contains(name) && (i >= n || s.charAt(i + 1) == '/')) { // end or closing tag: empty leaf
                boolean own = i < n && isCloseOf(i, name);
                e.text = "";
                e.end = i;
                e.closed = own;
                return own ? s.indexOf('>', i) + 1 : i;
            }
            if (open.size() >= MAX_DEPTH) { // kept, flat: its content goes to the deepest aggregate allowed
                if (tooDeepAt == 0) tooDeepAt = e.line;
                e.end = i;
                return i;
            }
            open.push(e);
            return i;
        }

        /** The text of a leaf: entities decoded outside CDATA sections (marked by NULs), stripped. */
        private static String leafText(CharSequence raw) {
            String t = raw.toString();
            if (t.indexOf('\u0000') < 0) return decode(t);
            StringBuilder out = new StringBuilder();
            String[] parts = t.split("\u0000", -1);
            for (int k = 0; k < parts.length; k++) out.append(k % 2 == 0 ? unescape(parts[k]) : parts[k]);
            return out.toString().strip();
        }

        /**
         * Ends {@code e} at {@code at}: closed by its own tag, or by something else; an element without text that was
         * never closed and is no OFX aggregate was an empty SGML leaf, and what it seemed to hold moves to its parent.
         */
        private void close(Element e, int at, boolean own) {
            e.end = at;
            e.closed = own;
            if (own || AGGREGATES.contains(e.name) || e.text != null) return;
            e.text = "";
            if (e.children != null) {
                for (Element c : e.children) e.parent.add(c);
                e.children = null;
            }
        }

        private boolean isCloseOf(int at, String name) {
            if (at + 1 >= n || s.charAt(at + 1) != '/') return false;
            int gt = s.indexOf('>', at);
            return gt > 0 && tagName(at + 2, gt).equals(name);
        }

        /** The upper-case name of a tag whose text runs from {@code from} to {@code to} (attributes dropped). */
        private String tagName(int from, int to) {
            int i = from;
            while (i < to && Character.isWhitespace(s.charAt(i))) i++;
            int start = i;
            while (i < to && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '/') i++;
            return s.substring(start, i).toUpperCase(Locale.ROOT);
        }

        /** The next {@code <} that starts markup (a tag, a closing tag, an instruction, a declaration), or -1. */
        private int nextMarkup(int from) {
            int i = from;
            while (true) {
                int lt = s.indexOf('<', i);
                if (lt < 0) return -1;
                if (isMarkup(lt)) return lt;
                i = lt + 1;
            }
        }

        /**
         * Whether the {@code <} at {@code lt} starts markup: followed by a letter, {@code /} and a letter, {@code ?}
         * or {@code !}, with a {@code >} within {@value #MAX_TAG} characters and no other {@code <} before it.
         */
        private boolean isMarkup(int lt) {
            if (lt + 1 >= n) return false;
            char c = s.charAt(lt + 1);
            if (c == '?' || c == '!') return true;
            int nameAt = c == '/' ? lt + 2 : lt + 1;
            if (nameAt >= n || !Character.isLetter(s.charAt(nameAt))) return false;
            int limit = Math.min(n, lt + MAX_TAG);
            for (int i = nameAt; i < limit; i++) {
                char d = s.charAt(i);
                if (d == '>') return true;
                if (d == '<') return false;
            }
            return false;
        }

        /** The 1-based line of position {@code pos}; positions are asked in increasing order. */
        private int lineAt(int pos) {
            for (int i = linePos; i < pos; i++) if (s.charAt(i) == '\n') line++;
            linePos = Math.max(linePos, pos);
            return line;
        }
    }
}
