package dev.guard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.Writer;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** createClob/createBlob are written into by their callers (Hibernate), so they grow; on every Java version. */
class MemoryLobTest {

    @Test
    void clobGrowsAsWritten() throws Exception {
        MemoryClob clob = new MemoryClob("");
        assertThat(clob.setString(1, "hello")).isEqualTo(5);
        assertThat(clob.setString(6, " world")).isEqualTo(6);
        assertThat(clob.getSubString(1, 100)).isEqualTo("hello world");
        clob.setString(1, "J");
        assertThat(clob.getSubString(1, 5)).isEqualTo("Jello");
        try (Writer w = clob.setCharacterStream(12)) {
            w.write("!!");
        }
        assertThat(clob.length()).isEqualTo(13);
        assertThat(clob.position("world", 1)).isEqualTo(7);
        assertThat(clob.position("nope", 1)).isEqualTo(-1);
        clob.truncate(5);
        assertThat(clob.getCharacterStream().read()).isEqualTo('J');
        assertThatThrownBy(() -> clob.setString(9, "x")).isInstanceOf(SQLException.class);
        clob.free();
        assertThatThrownBy(clob::length).isInstanceOf(SQLException.class);
    }

    @Test
    void blobGrowsAsWritten() throws Exception {
        MemoryBlob blob = new MemoryBlob(new byte[0]);
        blob.setBytes(1, new byte[] {1, 2, 3});
        try (OutputStream out = blob.setBinaryStream(4)) {
            out.write(new byte[] {4, 5});
            out.write(6);
        }
        assertThat(blob.length()).isEqualTo(6);
        assertThat(blob.getBytes(2, 3)).containsExactly(2, 3, 4);
        assertThat(blob.position(new byte[] {5, 6}, 1)).isEqualTo(5);
        assertThat(blob.getBinaryStream().readAllBytes()).containsExactly(1, 2, 3, 4, 5, 6);
        blob.truncate(2);
        assertThat(blob.getBinaryStream().readAllBytes()).containsExactly(1, 2);
        assertThatThrownBy(() -> blob.getBytes(0, 1)).isInstanceOf(SQLException.class);
    }
}
