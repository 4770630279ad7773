// Reference oracle for test/shared/dates.jdk-parity.test.ts: runs java.text.SimpleDateFormat
// (Locale.US, setLenient(false), TimeZone.getTimeZone(zone)) over a file of cases, one JVM for all.
//
//   java -Duser.timezone=UTC test/shared/jdk/DateParity.java <casesfile>
//     each input line:  F <TAB> pattern <TAB> zone <TAB> epochMillis
//                       P <TAB> pattern <TAB> zone <TAB> text
//     each output line (same order):
//                       OK <TAB> formatted text                 (F)
//                       OK <TAB> epochMillis <TAB> endIndex     (P; endIndex < text length = trailing text)
//                       FAIL <TAB> errorIndex                   (P; parse returned null)
//                       ERR <TAB> exception message             (invalid pattern etc.)
//   java test/shared/jdk/DateParity.java --zone-names > shared/dates/zone-names.ts
//     regenerates the table of the JDK's US zone names used by shared/dates.
//
// Fields are escaped: backslash, tab, CR and LF as \\ \t \r \n.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.text.*;
import java.util.*;

public class DateParity {
    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("--zone-names")) {
            dumpZoneNames();
            return;
        }
        List<String> lines = Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8);
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
        for (String line : lines) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            out.println(runCase(f[0], unescape(f[1]), unescape(f[2]), unescape(f[3])));
        }
        out.flush();
    }

    private static String runCase(String kind, String pattern, String zone, String arg) {
        SimpleDateFormat sdf;
        try {
            // A fresh formatter per case: parse() may replace the formatter's zone.
            sdf = new SimpleDateFormat(pattern, Locale.US);
        } catch (IllegalArgumentException e) {
            return "ERR\t" + escape(String.valueOf(e.getMessage()));
        }
        sdf.setLenient(false);
        sdf.setTimeZone(TimeZone.getTimeZone(zone));
        if (kind.equals("F")) {
            return "OK\t" + escape(sdf.format(new Date(Long.parseLong(arg))));
        }
        ParsePosition pos = new ParsePosition(0);
        Date d = sdf.parse(arg, pos);
        if (d == null) return "FAIL\t" + pos.getErrorIndex();
        return "OK\t" + d.getTime() + "\t" + pos.getIndex();
    }

    private static void dumpZoneNames() {
        // Zone strings in the order SimpleDateFormat searches them when parsing 'z' (flag P),
        // then the remaining ids, which are only used for formatting (flag F).
        String[][] zoneStrings = DateFormatSymbols.getInstance(Locale.US).getZoneStrings();
        Set<String> seen = new LinkedHashSet<>();
        List<String> rows = new ArrayList<>();
        for (String[] z : zoneStrings) {
            seen.add(z[0]);
            rows.add(zoneRow("P", z[0]));
        }
        for (String id : TimeZone.getAvailableIDs()) {
            if (!seen.contains(id)) rows.add(zoneRow("F", id));
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        out.println("// Generated from the JDK by: java test/shared/jdk/DateParity.java --zone-names > shared/dates/zone-names.ts");
        out.println("// JDK " + System.getProperty("java.version") + ", Locale.US. Do not edit by hand.");
        out.println("//");
        out.println("// One zone a line: flag|id|short standard|short daylight|long standard|long daylight|raw offset s|DST savings s");
        out.println("// flag P: the zone is in DateFormatSymbols.getZoneStrings(), in that order, which is the order");
        out.println("// SimpleDateFormat searches when parsing a zone name; flag F: other TimeZone ids (formatting only).");
        out.println("export const JDK_ZONE_TABLE = `");
        for (String row : rows) out.println(row);
        out.println("`;");
    }

    private static String zoneRow(String flag, String id) {
        TimeZone tz = TimeZone.getTimeZone(id);
        String[] names = {
            tz.getDisplayName(false, TimeZone.SHORT, Locale.US), tz.getDisplayName(true, TimeZone.SHORT, Locale.US),
            tz.getDisplayName(false, TimeZone.LONG, Locale.US), tz.getDisplayName(true, TimeZone.LONG, Locale.US),
        };
        for (String n : names) {
            if (n.contains("|") || n.contains("`") || n.contains("\\") || n.contains("$")) throw new IllegalStateException(n);
        }
        return String.join("|", flag, id, names[0], names[1], names[2], names[3],
            String.valueOf(tz.getRawOffset() / 1000), String.valueOf(tz.getDSTSavings() / 1000));
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
