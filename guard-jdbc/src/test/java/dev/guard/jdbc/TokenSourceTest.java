package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenSourceTest {

    @Test
    void rereadsTheFileWhenItsModificationTimeChanges(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, "first\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        TokenSource source = TokenSource.file(file);
        assertThat(source.current()).isEqualTo("first");

        // Same modification time: the cached token stands (no read per request).
        Files.writeString(file, "unseen");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(source.current()).isEqualTo("first");

        // Rotated, as Kubernetes does with projected service-account tokens.
        Files.writeString(file, "  second  ");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T01:00:00Z")));
        assertThat(source.current()).isEqualTo("second");
    }

    @Test
    void rotationThroughASymlinkSwap(@TempDir Path dir) throws Exception {
        // Kubernetes swaps a ..data symlink; the token path resolves through it.
        Path v1 = Files.createDirectory(dir.resolve("v1"));
        Path v2 = Files.createDirectory(dir.resolve("v2"));
        Files.writeString(v1.resolve("token"), "one");
        Files.writeString(v2.resolve("token"), "two");
        Files.setLastModifiedTime(v2.resolve("token"), FileTime.from(Instant.now().plusSeconds(60)));
        Path data = Files.createSymbolicLink(dir.resolve("..data"), v1);
        Path token = Files.createSymbolicLink(dir.resolve("token"), dir.resolve("..data/token"));
        TokenSource source = TokenSource.file(token);
        assertThat(source.current()).isEqualTo("one");
        Files.delete(data);
        Files.createSymbolicLink(dir.resolve("..data"), v2);
        assertThat(source.current()).isEqualTo("two");
    }

    @Test
    void missingOrEmptyFilesAreAuthorizationErrorsWithoutContents(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> TokenSource.file(missing).current())
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageContaining("cannot read the token file " + missing);
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> TokenSource.file(empty).current())
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageContaining("is empty");
    }

    @Test
    void aTokenWithControlCharactersIsRefusedWithoutShowingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TokenSource.literal("abc\r\nX-Evil: SECRET").current())
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageContaining("position 4")
                .hasMessageNotContaining("SECRET");
        Path file = Files.writeString(dir.resolve("token"), "abc def-SECRET\n");
        assertThatThrownBy(() -> TokenSource.file(file).current())
                .isInstanceOf(SQLInvalidAuthorizationSpecException.class)
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void neverShowsTheToken() {
        assertThat(TokenSource.literal("s3cr3t").toString()).doesNotContain("s3cr3t");
    }
}
