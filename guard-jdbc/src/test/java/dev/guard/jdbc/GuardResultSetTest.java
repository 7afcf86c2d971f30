package dev.guard.jdbc;

import static dev.guard.jdbc.TestFrames.column;
import static dev.guard.jdbc.TestFrames.masked;
import static dev.guard.jdbc.TestFrames.resultSet;
import static dev.guard.jdbc.TestFrames.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Frame;
import dev.guard.protocol.WireWriter;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLWarning;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuardResultSetTest {

    private static ResultSet one(ColumnInfo column, Object value) throws SQLException {
        ResultSet rs = resultSet(List.of(column), TestFrames.rows(row(value)));
        assertThat(rs.next()).isTrue();
        return rs;
    }

    private static SQLException sqlError(ThrowingRead read) {
        try {
            read.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("no SQLException");
    }

    interface ThrowingRead {
        void run() throws SQLException;
    }

    // ---- cursor

    @Test
    void streamsRowsAcrossFramesAndReportsPosition() throws SQLException {
        List<ColumnInfo> cols = List.of(column("id", Types.BIGINT, "BIGINT"), column("name", Types.VARCHAR, "VARCHAR"));
        byte[] bytes = TestFrames.frames(w -> {
            w.header(new Frame.Header(cols));
            for (int i = 1; i <= 3; i++) {
                WireWriter r = w.row();
                r.value((long) i).value("n" + i);
                w.flushRows(); // one Rows frame per row
            }
            w.end(TestFrames.END_OF_RESULT);
        });
        ResultSet rs = resultSet(bytes);
        assertThat(rs.isBeforeFirst()).isTrue();
        assertThat(rs.getRow()).isZero();
        assertThat(rs.next()).isTrue();
        assertThat(rs.isFirst()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
        assertThat(rs.next()).isTrue();
        assertThat(rs.isLast()).isFalse();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getRow()).isEqualTo(3);
        assertThat(rs.isLast()).isTrue();
        assertThat(rs.getString("NAME")).isEqualTo("n3");
        assertThat(rs.next()).isFalse();
        assertThat(rs.isAfterLast()).isTrue();
        assertThat(rs.getRow()).isZero();
        assertThat(rs.next()).isFalse();
        assertThatThrownBy(() -> rs.getLong(1)).isInstanceOf(SQLException.class).hasMessageContaining("after the last row");
        rs.close();
        assertThat(rs.isClosed()).isTrue();
        assertThatThrownBy(rs::next).isInstanceOf(SQLException.class);
    }

    @Test
    void emptyResult() throws SQLException {
        ResultSet rs = resultSet(List.of(column("id", Types.INTEGER, "INT")), List.of());
        assertThat(rs.isBeforeFirst()).isFalse();
        assertThat(rs.next()).isFalse();
        assertThat(rs.isAfterLast()).isFalse();
        assertThatThrownBy(() -> rs.getInt(1)).isInstanceOf(SQLException.class).hasMessageContaining("call next()");
    }

    @Test
    void forwardOnlyAndReadOnly() throws SQLException {
        ResultSet rs = one(column("id", Types.INTEGER, "INT"), 1L);
        assertThat(rs.getType()).isEqualTo(ResultSet.TYPE_FORWARD_ONLY);
        assertThat(rs.getConcurrency()).isEqualTo(ResultSet.CONCUR_READ_ONLY);
        assertThat(rs.getHoldability()).isEqualTo(ResultSet.HOLD_CURSORS_OVER_COMMIT);
        assertThatThrownBy(rs::previous).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> rs.absolute(1)).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(rs::beforeFirst).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(() -> rs.updateInt(1, 2)).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThatThrownBy(rs::insertRow).isInstanceOf(SQLFeatureNotSupportedException.class);
    }

    @Test
    void labelsAreCaseInsensitiveFirstMatchThenSourceName() throws SQLException {
        ResultSet rs = resultSet(List.of(column("Id", Types.INTEGER, "INT"), column("id", Types.INTEGER, "INT")),
                TestFrames.rows(row(1L, 2L)));
        rs.next();
        assertThat(rs.getInt("ID")).isEqualTo(1);
        assertThat(rs.findColumn("id_src")).isEqualTo(1);
        assertThatThrownBy(() -> rs.findColumn("nope")).isInstanceOf(SQLSyntaxErrorException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42S22"));
        assertThatThrownBy(() -> rs.getInt(3)).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("07009"));
    }

    // ---- numbers

    @Test
    void integersWithRangeChecks() throws SQLException {
        ResultSet rs = one(column("n", Types.BIGINT, "BIGINT"), 300L);
        assertThat(rs.getLong(1)).isEqualTo(300);
        assertThat(rs.getInt(1)).isEqualTo(300);
        assertThat(rs.getShort(1)).isEqualTo((short) 300);
        assertThat(rs.getDouble(1)).isEqualTo(300.0);
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("300");
        assertThat(rs.getString(1)).isEqualTo("300");
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getObject(1)).isEqualTo(300L);
        assertThat(rs.wasNull()).isFalse();
        SQLException e = sqlError(() -> rs.getByte(1));
        assertThat((Throwable) e).isInstanceOf(SQLDataException.class).hasMessageContaining("out of range for byte");
        assertThat(e.getSQLState()).isEqualTo("22003");
        assertThat(sqlError(() -> one(column("n", Types.BIGINT, "BIGINT"), Long.MAX_VALUE).getInt(1)).getSQLState())
                .isEqualTo("22003");
    }

    @Test
    void nullsReadAsZeroFalseAndNull() throws SQLException {
        ResultSet rs = one(column("n", Types.INTEGER, "INT"), null);
        assertThat(rs.getInt(1)).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getBoolean(1)).isFalse();
        assertThat(rs.getString(1)).isNull();
        assertThat(rs.getObject(1)).isNull();
        assertThat(rs.getObject(1, Integer.class)).isNull();
        assertThat(rs.getBigDecimal(1)).isNull();
        assertThat(rs.getTimestamp(1)).isNull();
        assertThat(rs.getBytes(1)).isNull();
        assertThat(rs.wasNull()).isTrue();
    }

    @Test
    void naturalObjectTypesAsConnectorJ() throws SQLException {
        assertThat(one(column("n", Types.INTEGER, "INT"), 5L).getObject(1)).isEqualTo(5);
        assertThat(one(column("n", Types.INTEGER, "INT UNSIGNED"), 5L).getObject(1)).isEqualTo(5L);
        assertThat(one(column("n", Types.TINYINT, "TINYINT"), 5L).getObject(1)).isEqualTo(5);
        assertThat(one(column("n", Types.SMALLINT, "SMALLINT"), 5L).getObject(1)).isEqualTo(5);
        assertThat(one(column("n", Types.BIGINT, "BIGINT"), 5L).getObject(1)).isEqualTo(5L);
        assertThat(one(column("n", Types.BIGINT, "BIGINT UNSIGNED"), new BigInteger("18446744073709551615")).getObject(1))
                .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(one(column("n", Types.DECIMAL, "DECIMAL"), new BigDecimal("1.50")).getObject(1))
                .isEqualTo(new BigDecimal("1.50"));
        assertThat(one(column("n", Types.REAL, "FLOAT"), 1.5f).getObject(1)).isEqualTo(1.5f);
        assertThat(one(column("n", Types.DOUBLE, "DOUBLE"), 2.5d).getObject(1)).isEqualTo(2.5d);
        assertThat(one(column("n", Types.BIT, "BIT"), true).getObject(1)).isEqualTo(true);
        ColumnInfo bit1 = new ColumnInfo("b", "b", "t", "shop", Types.BIT, "BIT", 1, 0, 1, 1, false, false, null, null);
        assertThat(one(bit1, 1L).getObject(1)).isEqualTo(true);
        ColumnInfo bit10 = new ColumnInfo("b", "b", "t", "shop", Types.BIT, "BIT", 10, 0, 10, 1, false, false, null, null);
        assertThat((byte[]) one(bit10, 0x201L).getObject(1)).containsExactly(0x02, 0x01);
        assertThat(one(bit10, 0x201L).getLong(1)).isEqualTo(0x201L);
        assertThat(one(bit10, new byte[] {2, 1}).getInt(1)).isEqualTo(0x201);
        assertThat(one(column("j", Types.LONGVARCHAR, "JSON"), "{\"a\":1}").getObject(1)).isEqualTo("{\"a\":1}");
        assertThat((byte[]) one(column("b", Types.LONGVARBINARY, "BLOB"), new byte[] {1, 2}).getObject(1))
                .containsExactly(1, 2);
    }

    @Test
    void textFormsAsMysqlPrintsThem() throws SQLException {
        assertThat(one(column("d", Types.DECIMAL, "DECIMAL"), new BigDecimal("1E+3")).getString(1)).isEqualTo("1000");
        assertThat(one(column("d", Types.DECIMAL, "DECIMAL"), new BigDecimal("12.50")).getString(1)).isEqualTo("12.50");
        assertThat(one(column("d", Types.DOUBLE, "DOUBLE"), 1.0).getString(1)).isEqualTo("1");
        assertThat(one(column("d", Types.DOUBLE, "DOUBLE"), 0.1).getString(1)).isEqualTo("0.1");
        assertThat(one(column("d", Types.DOUBLE, "DOUBLE"), 1e20).getString(1)).isEqualTo("1e20");
        assertThat(one(column("d", Types.DOUBLE, "DOUBLE"), -1.5e-7).getString(1)).isEqualTo("-1.5e-7");
        assertThat(one(column("d", Types.DOUBLE, "DOUBLE"), 123456.789).getString(1)).isEqualTo("123456.789");
        assertThat(one(column("f", Types.REAL, "FLOAT"), 0.1f).getString(1)).isEqualTo("0.1");
        assertThat(one(column("b", Types.BOOLEAN, "BOOLEAN"), true).getString(1)).isEqualTo("1");
        assertThat(one(column("b", Types.VARBINARY, "VARBINARY"), "héllo".getBytes(StandardCharsets.UTF_8)).getString(1))
                .isEqualTo("héllo");
        assertThat(one(column("u", Types.BIGINT, "BIGINT UNSIGNED"), new BigInteger("18446744073709551615")).getString(1))
                .isEqualTo("18446744073709551615");
    }

    @Test
    void floatingPointAndDecimals() throws SQLException {
        ResultSet f = one(column("f", Types.REAL, "FLOAT"), 0.1f);
        assertThat(f.getFloat(1)).isEqualTo(0.1f);
        assertThat(f.getDouble(1)).isEqualTo(0.1);
        assertThat(f.getBigDecimal(1)).isEqualByComparingTo("0.1");
        ResultSet d = one(column("d", Types.DECIMAL, "DECIMAL"), new BigDecimal("-12.345"));
        assertThat(d.getInt(1)).isEqualTo(-12);
        assertThat(d.getLong(1)).isEqualTo(-12);
        assertThat(d.getDouble(1)).isEqualTo(-12.345);
        @SuppressWarnings("deprecation")
        BigDecimal scaled = d.getBigDecimal(1, 2);
        assertThat(scaled).isEqualTo(new BigDecimal("-12.35"));
        assertThat(d.getObject(1, BigInteger.class)).isEqualTo(BigInteger.valueOf(-12));
        assertThat(sqlError(() -> one(column("d", Types.DOUBLE, "DOUBLE"), 1e300).getFloat(1)).getSQLState())
                .isEqualTo("22003");
        assertThat(sqlError(() -> one(column("d", Types.DOUBLE, "DOUBLE"), Double.NaN).getBigDecimal(1)).getSQLState())
                .isEqualTo("22003");
    }

    @Test
    void stringsConvertToNumbersAndBooleans() throws SQLException {
        ResultSet rs = one(column("s", Types.VARCHAR, "VARCHAR"), " 42 ");
        assertThat(rs.getInt(1)).isEqualTo(42);
        assertThat(rs.getLong(1)).isEqualTo(42);
        assertThat(rs.getDouble(1)).isEqualTo(42.0);
        assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("42");
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(one(column("s", Types.VARCHAR, "VARCHAR"), "2.9").getInt(1)).isEqualTo(2);
        assertThat(one(column("s", Types.VARCHAR, "VARCHAR"), "false").getBoolean(1)).isFalse();
        assertThat(one(column("s", Types.VARCHAR, "VARCHAR"), "Y").getBoolean(1)).isTrue();
        assertThat(one(column("s", Types.VARCHAR, "VARCHAR"), "0").getBoolean(1)).isFalse();
        SQLException e = sqlError(() -> one(column("s", Types.VARCHAR, "VARCHAR"), "abc").getInt(1));
        assertThat((Throwable) e).isInstanceOf(SQLDataException.class);
        assertThat(e.getSQLState()).isEqualTo("22018");
        assertThat(e.getMessage()).doesNotContain("abc");
        assertThat(sqlError(() -> one(column("s", Types.VARCHAR, "VARCHAR"), "maybe").getBoolean(1)).getSQLState())
                .isEqualTo("22018");
        assertThat(sqlError(() -> one(column("s", Types.VARCHAR, "VARCHAR"), "99999999999").getInt(1)).getSQLState())
                .isEqualTo("22003");
    }

    @Test
    void bytesAndStreams() throws Exception {
        ResultSet rs = one(column("b", Types.BLOB, "BLOB"), new byte[] {65, 66});
        assertThat(rs.getBytes(1)).containsExactly(65, 66);
        assertThat(rs.getBinaryStream(1).readAllBytes()).containsExactly(65, 66);
        assertThat(rs.getBlob(1).getBytes(1, 2)).containsExactly(65, 66);
        assertThat(rs.getString(1)).isEqualTo("AB");
        ResultSet text = one(column("t", Types.LONGVARCHAR, "TEXT"), "héllo");
        try (Reader r = text.getCharacterStream(1)) {
            char[] buf = new char[10];
            assertThat(new String(buf, 0, r.read(buf))).isEqualTo("héllo");
        }
        assertThat(text.getClob(1).getSubString(1, 5)).isEqualTo("héllo");
        assertThat(text.getNClob(1).length()).isEqualTo(5);
        assertThat(text.getBytes(1)).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
        assertThat(text.getAsciiStream(1).readAllBytes()).hasSize(5);
    }

    @Test
    void uuidFromTextOrSixteenBytes() throws SQLException {
        UUID id = UUID.randomUUID();
        assertThat(one(column("u", Types.CHAR, "CHAR"), id.toString()).getObject(1, UUID.class)).isEqualTo(id);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        assertThat(one(column("u", Types.BINARY, "BINARY"), b.array()).getObject(1, UUID.class)).isEqualTo(id);
    }

    @Test
    void getObjectWithClass() throws SQLException {
        ResultSet rs = one(column("n", Types.INTEGER, "INT"), 7L);
        assertThat(rs.getObject(1, Integer.class)).isEqualTo(7);
        assertThat(rs.getObject(1, Long.class)).isEqualTo(7L);
        assertThat(rs.getObject(1, Short.class)).isEqualTo((short) 7);
        assertThat(rs.getObject(1, String.class)).isEqualTo("7");
        assertThat(rs.getObject(1, Double.class)).isEqualTo(7.0);
        assertThat(rs.getObject(1, Float.class)).isEqualTo(7.0f);
        assertThat(rs.getObject(1, BigDecimal.class)).isEqualByComparingTo("7");
        assertThat(rs.getObject(1, Boolean.class)).isTrue();
        assertThat(rs.getObject(1, Number.class)).isEqualTo(7);
        assertThat(rs.getObject(1, Object.class)).isEqualTo(7);
        assertThatThrownBy(() -> rs.getObject(1, Thread.class)).isInstanceOf(SQLDataException.class);
    }

    // ---- dates and times

    @Test
    void datetimeColumn() throws SQLException {
        LocalDateTime t = LocalDateTime.of(2024, 2, 29, 13, 45, 7, 123_456_000);
        ResultSet rs = one(column("at", Types.TIMESTAMP, "DATETIME", 6), t);
        assertThat(rs.getObject(1)).isEqualTo(t);
        assertThat(rs.getString(1)).isEqualTo("2024-02-29 13:45:07.123456");
        assertThat(rs.getTimestamp(1)).isEqualTo(Timestamp.valueOf(t));
        assertThat(rs.getDate(1)).isEqualTo(Date.valueOf(LocalDate.of(2024, 2, 29)));
        assertThat(rs.getTime(1).toLocalTime()).isEqualTo(LocalTime.of(13, 45, 7));
        assertThat(rs.getObject(1, LocalDateTime.class)).isEqualTo(t);
        assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(t.toLocalDate());
        assertThat(rs.getObject(1, LocalTime.class)).isEqualTo(t.toLocalTime());
        assertThat(rs.getObject(1, OffsetDateTime.class)).isEqualTo(t.atZone(ZoneId.systemDefault()).toOffsetDateTime());
        assertThat(rs.getObject(1, Instant.class)).isEqualTo(t.atZone(ZoneId.systemDefault()).toInstant());
        assertThat(sqlError(() -> rs.getInt(1)).getSQLState()).isEqualTo("22018");

        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        assertThat(rs.getTimestamp(1, utc).toInstant()).isEqualTo(t.toInstant(java.time.ZoneOffset.UTC));
        Calendar tokyo = Calendar.getInstance(TimeZone.getTimeZone("Asia/Tokyo"));
        assertThat(rs.getDate(1, tokyo).getTime()).isEqualTo(
                LocalDate.of(2024, 2, 29).atStartOfDay(ZoneId.of("Asia/Tokyo")).toInstant().toEpochMilli());
    }

    @Test
    void datetimeWithoutFractionAndTimestampColumn() throws SQLException {
        LocalDateTime t = LocalDateTime.of(2024, 1, 2, 3, 4, 5);
        assertThat(one(column("at", Types.TIMESTAMP, "DATETIME"), t).getString(1)).isEqualTo("2024-01-02 03:04:05");
        ResultSet ts = one(column("ts", Types.TIMESTAMP, "TIMESTAMP", 3), t.withNano(500_000_000));
        assertThat(ts.getObject(1)).isEqualTo(Timestamp.valueOf(t.withNano(500_000_000)));
        assertThat(ts.getString(1)).isEqualTo("2024-01-02 03:04:05.500");
        assertThat(ts.getMetaData().getColumnClassName(1)).isEqualTo("java.sql.Timestamp");
    }

    @Test
    void dateColumnAndYear() throws SQLException {
        ResultSet rs = one(column("d", Types.DATE, "DATE"), LocalDate.of(999, 12, 31));
        assertThat(rs.getObject(1)).isEqualTo(Date.valueOf(LocalDate.of(999, 12, 31)));
        assertThat(rs.getString(1)).isEqualTo("0999-12-31");
        assertThat(rs.getTimestamp(1)).isEqualTo(Timestamp.valueOf(LocalDateTime.of(999, 12, 31, 0, 0)));
        assertThat(rs.getObject(1, LocalDate.class)).isEqualTo(LocalDate.of(999, 12, 31));
        ResultSet year = one(column("y", Types.DATE, "YEAR"), 2024L);
        assertThat(year.getObject(1)).isEqualTo(Date.valueOf(LocalDate.of(2024, 1, 1)));
        assertThat(year.getInt(1)).isEqualTo(2024);
        assertThat(year.getString(1)).isEqualTo("2024");
    }

    @Test
    void timeColumnIncludingNegativeAndBeyondADay() throws SQLException {
        ResultSet rs = one(column("t", Types.TIME, "TIME"), Duration.ofHours(13).plusMinutes(5).plusSeconds(9));
        assertThat(rs.getString(1)).isEqualTo("13:05:09");
        assertThat(rs.getTime(1).toString()).isEqualTo("13:05:09");
        assertThat(rs.getObject(1)).isEqualTo(Time.valueOf(LocalTime.of(13, 5, 9)));
        assertThat(rs.getObject(1, LocalTime.class)).isEqualTo(LocalTime.of(13, 5, 9));

        Duration big = Duration.ofHours(838).plusMinutes(59).plusSeconds(59);
        ResultSet over = one(column("t", Types.TIME, "TIME"), big);
        assertThat(over.getString(1)).isEqualTo("838:59:59");
        assertThat(over.getObject(1, Duration.class)).isEqualTo(big);
        SQLException e = sqlError(() -> over.getTime(1));
        assertThat((Throwable) e).isInstanceOf(SQLDataException.class).hasMessageContaining("838:59:59");
        assertThat(e.getSQLState()).isEqualTo("22007");

        ResultSet negative = one(column("t", Types.TIME, "TIME", 3), Duration.ofMillis(-1500));
        assertThat(negative.getString(1)).isEqualTo("-00:00:01.500");
        assertThat(negative.getObject(1, Duration.class)).isEqualTo(Duration.ofMillis(-1500));

        ResultSet millis = one(column("t", Types.TIME, "TIME", 3), Duration.ofMillis(45_296_789));
        assertThat(millis.getTime(1).getTime() % 1000).isEqualTo(789);
    }

    @Test
    void temporalTextParses() throws SQLException {
        ResultSet rs = one(column("s", Types.VARCHAR, "VARCHAR"), "2024-03-01 10:11:12.5");
        assertThat(rs.getTimestamp(1)).isEqualTo(Timestamp.valueOf("2024-03-01 10:11:12.5"));
        assertThat(rs.getDate(1)).isEqualTo(Date.valueOf("2024-03-01"));
        assertThat(one(column("s", Types.VARCHAR, "VARCHAR"), "-12:30:00").getObject(1, Duration.class))
                .isEqualTo(Duration.ofMinutes(-750));
        assertThat(sqlError(() -> one(column("s", Types.VARCHAR, "VARCHAR"), "nope").getDate(1)).getSQLState())
                .isEqualTo("22007");
    }

    // ---- masked columns

    @Test
    void maskedValuesAreStringsWhateverTheColumnType() throws SQLException {
        ColumnInfo phone = masked("phone", Types.INTEGER, "INT", "pii-phone", "partial");
        ColumnInfo born = masked("born", Types.DATE, "DATE", "pii-dob", "redact");
        ResultSet rs = resultSet(List.of(phone, born), TestFrames.rows(row("***-**-1234", "****-**-**")));
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("***-**-1234");
        assertThat(rs.getObject(1)).isEqualTo("***-**-1234");
        assertThat(rs.getObject("born")).isEqualTo("****-**-**");
        assertThat(rs.getObject(1, String.class)).isEqualTo("***-**-1234");
        assertThat(rs.getBytes(1)).isEqualTo("***-**-1234".getBytes(StandardCharsets.UTF_8));
        for (ThrowingRead read : List.<ThrowingRead>of(() -> rs.getInt(1), () -> rs.getLong(1), () -> rs.getDouble(1),
                () -> rs.getBigDecimal(1), () -> rs.getBoolean(1), () -> rs.getDate(2), () -> rs.getTimestamp(2),
                () -> rs.getObject(1, Integer.class), () -> rs.getObject(2, LocalDate.class))) {
            SQLException e = sqlError(read);
            assertThat((Throwable) e).isInstanceOf(SQLDataException.class);
            assertThat(e.getSQLState()).isEqualTo("22018");
            assertThat(e.getMessage()).matches("column (phone|born) is masked by rule pii-(phone|dob); read it with getString");
        }
        GuardResultSetMetaData md = rs.getMetaData().unwrap(GuardResultSetMetaData.class);
        assertThat(md.maskRule(1)).isEqualTo("pii-phone");
        assertThat(md.maskMethod(2)).isEqualTo("redact");
        assertThat(md.isMasked(1)).isTrue();
        assertThat(md.getColumnType(1)).isEqualTo(Types.VARCHAR);
        assertThat(md.getColumnTypeName(1)).isEqualTo("VARCHAR");
        assertThat(md.getColumnClassName(2)).isEqualTo("java.lang.String");
        assertThat(md.isReadOnly(1)).isTrue();
    }

    @Test
    void maskedNullReadsAsNull() throws SQLException {
        ResultSet rs = one(masked("ssn", Types.INTEGER, "INT", "pii", "null"), null);
        assertThat(rs.getInt(1)).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getObject(1)).isNull();
    }

    // ---- metadata

    @Test
    void metadataFromTheHeader() throws SQLException {
        ColumnInfo id = new ColumnInfo("order_id", "id", "orders", "shop", Types.BIGINT, "BIGINT UNSIGNED", 20, 0, 20,
                ResultSetMetaData.columnNoNulls, false, true, null, null);
        ColumnInfo total = new ColumnInfo("total", "total", "orders", "shop", Types.DECIMAL, "DECIMAL", 10, 2, 12,
                ResultSetMetaData.columnNullable, true, false, null, null);
        ColumnInfo expr = new ColumnInfo("n", "", "", "", Types.BIGINT, "BIGINT", 21, 0, 21,
                ResultSetMetaData.columnNullable, true, false, null, null);
        ResultSetMetaData md = resultSet(List.of(id, total, expr), List.of()).getMetaData();
        assertThat(md.getColumnCount()).isEqualTo(3);
        assertThat(md.getColumnLabel(1)).isEqualTo("order_id");
        assertThat(md.getColumnName(1)).isEqualTo("id");
        assertThat(md.getColumnName(3)).isEqualTo("n");
        assertThat(md.getTableName(1)).isEqualTo("orders");
        assertThat(md.getCatalogName(1)).isEqualTo("shop");
        assertThat(md.getSchemaName(1)).isEmpty();
        assertThat(md.getColumnType(2)).isEqualTo(Types.DECIMAL);
        assertThat(md.getColumnTypeName(1)).isEqualTo("BIGINT UNSIGNED");
        assertThat(md.getPrecision(2)).isEqualTo(10);
        assertThat(md.getScale(2)).isEqualTo(2);
        assertThat(md.getColumnDisplaySize(2)).isEqualTo(12);
        assertThat(md.isNullable(1)).isEqualTo(ResultSetMetaData.columnNoNulls);
        assertThat(md.isSigned(1)).isFalse();
        assertThat(md.isAutoIncrement(1)).isTrue();
        assertThat(md.isCurrency(2)).isFalse();
        assertThat(md.isSearchable(2)).isTrue();
        assertThat(md.isCaseSensitive(2)).isFalse();
        assertThat(md.getColumnClassName(1)).isEqualTo("java.math.BigInteger");
        assertThat(md.getColumnClassName(2)).isEqualTo("java.math.BigDecimal");
        assertThat(md.isReadOnly(1)).isFalse();
        assertThat(md.isWritable(1)).isTrue();
        assertThat(md.isReadOnly(3)).isTrue();
        assertThat(md.unwrap(GuardResultSetMetaData.class).maskRule(1)).isNull();
        assertThatThrownBy(() -> md.getColumnLabel(4)).isInstanceOf(SQLException.class);
    }

    // ---- end of stream: warnings, errors

    @Test
    void warningsAndPolicyTruncationArriveWithTheEnd() throws SQLException {
        List<ColumnInfo> cols = List.of(column("id", Types.INTEGER, "INT"));
        byte[] bytes = TestFrames.frames(w -> {
            w.header(new Frame.Header(cols));
            w.row().value(1L);
            w.end(new Frame.End(-1, new long[0], List.of(), List.of(new Frame.Warning("01000", 1003, "watch out")),
                    true, true, "shop"));
        });
        ResultSet rs = resultSet(bytes);
        assertThat((Throwable) rs.getWarnings()).isNull();
        rs.next();
        assertThat(rs.next()).isFalse();
        SQLWarning w = rs.getWarnings();
        assertThat(w.getMessage()).isEqualTo("watch out");
        assertThat(w.getErrorCode()).isEqualTo(1003);
        assertThat(w.getNextWarning().getMessage()).contains("max_rows");
        rs.clearWarnings();
        assertThat((Throwable) rs.getWarnings()).isNull();
    }

    @Test
    void anErrorAfterRowsIsRaisedAfterThem() throws SQLException {
        List<ColumnInfo> cols = List.of(column("id", Types.INTEGER, "INT"));
        byte[] bytes = TestFrames.frames(w -> {
            w.header(new Frame.Header(cols));
            w.row().value(1L);
            w.error(new Frame.Error(Frame.Error.CANCELLED, "70100", 1317, "query execution was interrupted", null, null, null));
        });
        ResultSet rs = resultSet(bytes);
        assertThat(rs.next()).isTrue();
        assertThatThrownBy(rs::next).isInstanceOf(SQLException.class).isNotInstanceOf(SQLTimeoutException.class)
                .hasMessage("query execution was interrupted");
    }

    @Test
    void aResponseCutShortIsAConnectionFailure() throws SQLException {
        byte[] full = TestFrames.result(List.of(column("id", Types.INTEGER, "INT")), TestFrames.rows(row(1L), row(2L)));
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
        ResultSet rs = resultSet(cut);
        SQLException e = sqlError(() -> {
            while (rs.next()) {
                rs.getInt(1);
            }
        });
        assertThat(e.getSQLState()).startsWith("08");
    }
}
