package gg.phoenix.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package layout's arrows, read from the imports (and fully qualified names) of src/main/java: they point one way,
 * so no two packages depend on each other however long the way round; nothing depends on the start-up package; and
 * only the start-up package, which deploys them, names another package's verticle.
 */
class PackageArrowsTest {

  private static final String BASE = "gg.phoenix.coupons";
  private static final Path MAIN = Path.of("src/main/java");
  private static final Path ARCHITECTURE = Path.of("docs/architecture.md");
  /** A row of the packages' table: | `package` | what it owns | the packages it imports |. */
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z.]+)` \\|.*\\| ([^|]+) \\|$", Pattern.MULTILINE);

  @Test
  @DisplayName("no package depends on itself by way of others: the arrows between packages form no cycle")
  void noCycles() {
    Arrows arrows = Arrows.read(MAIN);
    assertThat(arrows.cycles()).as(() -> arrows.explain("arrows among the packages of a cycle:", arrows.cycles())).isEmpty();
  }

  @Test
  @DisplayName("no package imports the start-up package; it imports the others")
  void nobodyImportsTheRoot() {
    Arrows arrows = Arrows.read(MAIN);
    assertThat(arrows.into(BASE)).as(() -> arrows.explain("arrows into the start-up package:", List.of(List.of(BASE)))).isEmpty();
    assertThat(arrows.packages()).contains(BASE + ".coupon", BASE + ".http", BASE + ".http.auth", BASE + ".redis.near");
  }

  @Test
  @DisplayName("a verticle is named outside its own package by the start-up package only")
  void verticlesAreDeployedFromTheRootOnly() {
    assertThat(Arrows.read(MAIN).verticlesNamedFrom()).allSatisfy((from, verticles) -> assertThat(from).isEqualTo(BASE));
  }

  @Test
  @DisplayName("docs/architecture.md's table gives every package with exactly the packages it imports")
  void documentedImports() throws IOException {
    Map<String, Set<String>> documented = new TreeMap<>();
    for (MatchResult row : TABLE_ROW.matcher(Files.readString(ARCHITECTURE)).results().toList()) {
      Set<String> imports = new TreeSet<>();
      for (String name : row.group(2).split(",")) {
        if (!name.strip().equals("nothing")) {
          imports.add(BASE + "." + name.strip());
        }
      }
      documented.put(BASE + "." + row.group(1), imports);
    }

    Map<String, Set<String>> actual = new TreeMap<>();
    Arrows.read(MAIN).edges().forEach((from, targets) -> {
      if (!from.equals(BASE)) {
        actual.put(from, new TreeSet<>(targets.keySet()));
      }
    });
    assertThat(documented).isEqualTo(actual);
  }

  @Test
  @DisplayName("docs/architecture.md draws every package once, each on a line above all the packages it imports")
  void documentedLayers() throws IOException {
    String doc = Files.readString(ARCHITECTURE);
    int start = doc.indexOf("```", doc.indexOf("Drawn in layers")) + 3;
    List<String> lines = doc.substring(start, doc.indexOf("```", start)).lines()
        .filter(line -> !line.isBlank() && !line.startsWith("(root)") && !line.startsWith("─"))
        .toList();
    Map<String, Integer> lineOf = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      // a line's first word names its layer unless the line starts with blanks
      String drawn = Character.isWhitespace(lines.get(i).charAt(0)) ? lines.get(i) : lines.get(i).replaceFirst("^\\S+", "");
      for (String pkg : drawn.strip().split("\\s+")) {
        assertThat(lineOf.put(BASE + "." + pkg, i)).as(pkg + " drawn twice").isNull();
      }
    }

    Arrows arrows = Arrows.read(MAIN);
    Set<String> packages = new TreeSet<>(arrows.packages());
    packages.remove(BASE);
    assertThat(lineOf.keySet()).isEqualTo(packages);
    List<String> upward = new ArrayList<>();
    arrows.edges().forEach((from, targets) -> targets.keySet().forEach(to -> {
      if (!from.equals(BASE) && lineOf.get(to) <= lineOf.get(from)) {
        upward.add(from + " -> " + to);
      }
    }));
    assertThat(upward).as("imports of a package drawn on the same line or above").isEmpty();
  }

  @Test
  @DisplayName("the check finds a cycle of three packages, a fully qualified name and a static import among its arrows")
  void findsACycle(@TempDir Path root) throws IOException {
    write(root, "a", "A", "import gg.phoenix.coupons.b.B;");
    write(root, "b", "B", "import static gg.phoenix.coupons.c.C.ANSWER;");
    write(root, "c", "C", "class Uses { Object x = gg.phoenix.coupons.a.A.class; }");
    write(root, "d", "D", "import gg.phoenix.coupons.a.A;");
    assertThat(Arrows.read(root).cycles()).containsExactly(List.of(BASE + ".a", BASE + ".b", BASE + ".c"));
  }

  @Test
  @DisplayName("the check names who imports the start-up package, and who names a verticle of another package")
  void findsBackwardArrows(@TempDir Path root) throws IOException {
    write(root, "", "Main", "import gg.phoenix.coupons.a.AVerticle;");
    write(root, "a", "AVerticle", "import gg.phoenix.coupons.Main;");
    write(root, "b", "B", "import gg.phoenix.coupons.a.AVerticle;");
    Arrows arrows = Arrows.read(root);
    assertThat(arrows.into(BASE)).containsExactly(BASE + ".a");
    assertThat(arrows.verticlesNamedFrom()).containsOnlyKeys(BASE, BASE + ".b");
  }

  private static void write(Path root, String pkg, String cls, String body) throws IOException {
    String name = pkg.isEmpty() ? BASE : BASE + "." + pkg;
    Path dir = root.resolve(name.replace('.', '/'));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(cls + ".java"), "package " + name + ";\n\n" + body + "\n\nclass " + cls + " {}\n");
  }

  /** Which package refers to which (and in which files), from the source text. */
  private record Arrows(Map<String, Map<String, Set<String>>> edges, Map<String, Set<String>> verticlesNamedFrom) {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);
    /** A name of the service's: lower-case segments (the package), then a capitalised one (the type). */
    private static final Pattern REFERENCE = Pattern.compile("\\b" + Pattern.quote(BASE) + "((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

    static Arrows read(Path root) {
      Map<String, Map<String, Set<String>>> edges = new TreeMap<>();
      Map<String, Set<String>> verticles = new TreeMap<>();
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          Matcher declared = PACKAGE.matcher(source);
          if (!declared.find()) {
            continue;
          }
          String from = declared.group(1);
          edges.computeIfAbsent(from, p -> new TreeMap<>());
          Matcher reference = REFERENCE.matcher(source.substring(declared.end()));
          while (reference.find()) {
            String to = BASE + reference.group(1);
            if (!to.equals(from)) {
              edges.get(from).computeIfAbsent(to, p -> new TreeSet<>()).add(String.valueOf(file.getFileName()));
              if (reference.group(2).endsWith("Verticle")) {
                verticles.computeIfAbsent(from, p -> new TreeSet<>()).add(to + "." + reference.group(2));
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Arrows(edges, verticles);
    }

    Set<String> packages() {
      return edges.keySet();
    }

    Set<String> into(String pkg) {
      Set<String> from = new TreeSet<>();
      edges.forEach((p, targets) -> {
        if (targets.containsKey(pkg)) {
          from.add(p);
        }
      });
      return from;
    }

    /** The arrows into or within these groups of packages, each with the files that draw it. */
    String explain(String title, List<List<String>> groups) {
      StringBuilder arrows = new StringBuilder(title);
      for (List<String> group : groups) {
        edges.forEach((from, targets) -> targets.forEach((to, files) -> {
          if (group.contains(to) && (group.size() == 1 || group.contains(from))) {
            arrows.append("\n  ").append(from).append(" -> ").append(to).append(": ").append(String.join(", ", files));
          }
        }));
      }
      return arrows.toString();
    }

    /** The strongly connected groups of more than one package (Tarjan), each sorted. */
    List<List<String>> cycles() {
      List<List<String>> cycles = new ArrayList<>();
      Map<String, Integer> index = new TreeMap<>();
      Map<String, Integer> low = new TreeMap<>();
      List<String> stack = new ArrayList<>();
      for (String pkg : edges.keySet()) {
        if (!index.containsKey(pkg)) {
          connect(pkg, index, low, stack, cycles);
        }
      }
      return cycles;
    }

    private void connect(String pkg, Map<String, Integer> index, Map<String, Integer> low, List<String> stack,
        List<List<String>> cycles) {
      index.put(pkg, index.size());
      low.put(pkg, index.get(pkg));
      stack.add(pkg);
      for (String next : edges.getOrDefault(pkg, Map.of()).keySet()) {
        if (!index.containsKey(next)) {
          connect(next, index, low, stack, cycles);
          low.put(pkg, Math.min(low.get(pkg), low.get(next)));
        } else if (stack.contains(next)) {
          low.put(pkg, Math.min(low.get(pkg), index.get(next)));
        }
      }
      if (low.get(pkg).equals(index.get(pkg))) {
        List<String> group = new ArrayList<>(stack.subList(stack.indexOf(pkg), stack.size()));
        stack.subList(stack.indexOf(pkg), stack.size()).clear();
        if (group.size() > 1) {
          cycles.add(group.stream().sorted().toList());
        }
      }
    }
  }
}
