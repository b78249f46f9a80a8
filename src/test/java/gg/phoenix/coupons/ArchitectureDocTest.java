package gg.phoenix.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md names the classes a request passes through: every name it gives (in backticks, and in its
 * drawings) is a class of the service, in the package its path says, and a {@code Class.member} is declared there.
 */
class ArchitectureDocTest {

  private static final Path DOC = Path.of("docs/architecture.md");
  private static final List<Path> SOURCES = List.of(Path.of("src/main/java/gg/phoenix/coupons"), Path.of("src/test/java/gg/phoenix/coupons"));
  /** {@code [package/path/]Class[.member]}: a capitalised name with a lower-case letter, so no constant or header. */
  private static final String NAME = "(?:[a-z]+/)*[A-Z][a-z]\\w*(?:\\.\\w+)?";
  private static final Pattern QUOTED = Pattern.compile("`(" + NAME + ")`");
  private static final Pattern DRAWN = Pattern.compile("(?<![\\w/.\"])(" + NAME + ")");
  private static final Pattern CODE_BLOCK = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL);
  private static final Set<String> NOT_DECLARATIONS = Set.of("return", "new", "throw", "else", "case");

  @Test
  @DisplayName("every class docs/architecture.md names exists where its path says, with the member it names")
  void namedClassesExist() throws IOException {
    Map<String, String> sources = sources();

    Set<String> missing = new TreeSet<>();
    for (String name : names(Files.readString(DOC))) {
      if (!resolves(name, sources)) {
        missing.add(name);
      }
    }

    assertThat(missing).as("names in docs/architecture.md that are no class or member of the code").isEmpty();
  }

  @Test
  @DisplayName("the check refuses a class that is not there, one in the wrong package and a member the class lacks")
  void refusesWrongNames() {
    Map<String, String> sources = Map.of(
        "coupon/Redeemer", "class Redeemer {\n  private Future<JsonObject> inBatch(String code) {\n    return guarded(code);\n  }\n}",
        "bus/Addresses", "public final class Addresses {\n  public static final String REDEEM = \"coupons.redeem\";\n}");

    assertThat(resolves("coupon/Redeemer.inBatch", sources)).isTrue();
    assertThat(resolves("Addresses.REDEEM", sources)).isTrue();
    assertThat(resolves("Redeemer.guarded", sources)).as("called, not declared").isFalse();
    assertThat(resolves("http/Redeemer", sources)).isFalse();
    assertThat(resolves("Validator", sources)).isFalse();
  }

  /** The names in backticks, and the class-like names of the drawings (code blocks). */
  private static Set<String> names(String doc) {
    Set<String> names = new TreeSet<>();
    QUOTED.matcher(doc).results().forEach(m -> names.add(m.group(1)));
    CODE_BLOCK.matcher(doc).results().forEach(block -> DRAWN.matcher(block.group(1)).results().forEach(m -> names.add(m.group(1))));
    return names;
  }

  private static boolean resolves(String name, Map<String, String> sources) {
    int slash = name.lastIndexOf('/');
    String path = slash < 0 ? "" : name.substring(0, slash + 1);
    String[] typeAndMember = name.substring(slash + 1).split("\\.", 2);
    Optional<String> type = declaringSource(path, typeAndMember[0], sources);
    return type.isPresent() && (typeAndMember.length == 1 || declares(type.get(), typeAndMember[1]));
  }

  /** The source of the top-level class at {@code path + type}, else of a file there that declares it nested. */
  private static Optional<String> declaringSource(String path, String type, Map<String, String> sources) {
    Pattern nested = Pattern.compile("^\\s+(?:[a-z]+\\s+)*(?:class|record|enum|interface)\\s+" + type + "\\b", Pattern.MULTILINE);
    Map<Boolean, List<Map.Entry<String, String>>> inPath = sources.entrySet().stream()
        .filter(e -> path.isEmpty() || e.getKey().startsWith(path) && !e.getKey().substring(path.length()).contains("/"))
        .collect(Collectors.partitioningBy(e -> e.getKey().equals(path + type) || path.isEmpty() && e.getKey().endsWith("/" + type)));
    return inPath.get(true).stream().findFirst()
        .or(() -> inPath.get(false).stream().filter(e -> nested.matcher(e.getValue()).find()).findFirst())
        .map(Map.Entry::getValue);
  }

  /** A method, field, constant, enum constant or nested type of that name is declared in {@code source}. */
  private static boolean declares(String source, String member) {
    String name = Pattern.quote(member);
    Matcher declaration = Pattern.compile("(\\w+)[>\\]]*\\s+" + name + "\\s*[(=;]|^\\s+" + name + "\\s*[(,;]"
        + "|\\b(?:class|record|enum|interface)\\s+" + name + "\\b", Pattern.MULTILINE).matcher(source);
    while (declaration.find()) {
      if (declaration.group(1) == null || !NOT_DECLARATIONS.contains(declaration.group(1))) {
        return true;
      }
    }
    return false;
  }

  /** Each source file by its path below the base package, without ".java" ({@code coupon/Redeemer}). */
  private static Map<String, String> sources() {
    return SOURCES.stream().flatMap(root -> {
      try (Stream<Path> files = Files.walk(root)) {
        return files.filter(f -> f.toString().endsWith(".java")).toList().stream()
            .map(f -> Map.entry(root.relativize(f).toString().replaceAll("\\.java$", ""), read(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (main, test) -> main, LinkedHashMap::new));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
