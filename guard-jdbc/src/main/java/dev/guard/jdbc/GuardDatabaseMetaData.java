package dev.guard.jdbc;

import dev.guard.protocol.ColumnInfo;
import dev.guard.protocol.Request;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the database is, as Connector/J describes MySQL: the product name and version are the
 * upstream server's (from the Session frame), databases are catalogs, there are no schemas.
 * Catalogs, tables, columns and primary keys come from the server (limited to what the caller
 * may read); the other listings are empty results with the standard JDBC columns.
 */
final class GuardDatabaseMetaData implements DatabaseMetaData {

    /** MySQL's reserved words that are not SQL:2003 keywords (Connector/J's getSQLKeywords). */
    static final String MYSQL_KEYWORDS = "ACCESSIBLE,ADD,ANALYZE,ASC,BEFORE,CASCADE,CHANGE,CONTINUE,DATABASE,DATABASES,"
            + "DAY_HOUR,DAY_MICROSECOND,DAY_MINUTE,DAY_SECOND,DELAYED,DESC,DISTINCTROW,DIV,DUAL,ELSEIF,EMPTY,ENCLOSED,"
            + "ESCAPED,EXIT,EXPLAIN,FIRST_VALUE,FLOAT4,FLOAT8,FORCE,FULLTEXT,GENERATED,GROUPS,HIGH_PRIORITY,"
            + "HOUR_MICROSECOND,HOUR_MINUTE,HOUR_SECOND,IF,IGNORE,INDEX,INFILE,INT1,INT2,INT3,INT4,INT8,IO_AFTER_GTIDS,"
            + "IO_BEFORE_GTIDS,ITERATE,JSON_TABLE,KEY,KEYS,KILL,LAG,LAST_VALUE,LEAD,LEAVE,LIMIT,LINEAR,LINES,LOAD,LOCK,"
            + "LONG,LONGBLOB,LONGTEXT,LOOP,LOW_PRIORITY,MANUAL,MASTER_BIND,MASTER_SSL_VERIFY_SERVER_CERT,MAXVALUE,"
            + "MEDIUMBLOB,MEDIUMINT,MEDIUMTEXT,MIDDLEINT,MINUTE_MICROSECOND,MINUTE_SECOND,NO_WRITE_TO_BINLOG,NTH_VALUE,"
            + "NTILE,OPTIMIZE,OPTIMIZER_COSTS,OPTION,OPTIONALLY,OUTFILE,PARALLEL,PURGE,QUALIFY,READ,READ_WRITE,REGEXP,"
            + "RENAME,REPEAT,REPLACE,REQUIRE,RESIGNAL,RESTRICT,RLIKE,SCHEMA,SCHEMAS,SECOND_MICROSECOND,SEPARATOR,SHOW,"
            + "SIGNAL,SPATIAL,SQL_BIG_RESULT,SQL_CALC_FOUND_ROWS,SQL_SMALL_RESULT,SSL,STARTING,STORED,STRAIGHT_JOIN,"
            + "TERMINATED,TINYBLOB,TINYINT,TINYTEXT,UNDO,UNLOCK,UNSIGNED,USAGE,USE,UTC_DATE,UTC_TIME,UTC_TIMESTAMP,"
            + "VARBINARY,VARCHARACTER,VIRTUAL,WHILE,WRITE,XOR,YEAR_MONTH,ZEROFILL";

    private final GuardConnection connection;
    private final int lowerCaseTableNames;

    GuardDatabaseMetaData(GuardConnection connection) {
        this.connection = connection;
        this.lowerCaseTableNames = connection.session().lowerCaseTableNames();
    }

    // ---- the product

    @Override public String getDatabaseProductName() { return connection.session().productName(); }
    @Override public String getDatabaseProductVersion() { return connection.session().productVersion(); }
    @Override public int getDatabaseMajorVersion() { return serverVersion(getDatabaseProductVersion())[0]; }
    @Override public int getDatabaseMinorVersion() { return serverVersion(getDatabaseProductVersion())[1]; }
    @Override public String getDriverName() { return GuardDriver.NAME; }
    @Override public String getDriverVersion() { return GuardDriver.VERSION; }
    @Override public int getDriverMajorVersion() { return GuardDriver.MAJOR; }
    @Override public int getDriverMinorVersion() { return GuardDriver.MINOR; }
    @Override public int getJDBCMajorVersion() { return 4; }
    @Override public int getJDBCMinorVersion() { return 3; }
    /** The URL without its secrets. */
    @Override public String getURL() { return connection.config().safeUrl(); }
    /** Who the server says the caller is. */
    @Override public String getUserName() { return connection.session().user(); }
    @Override public Connection getConnection() { return connection; }

    /**
     * Major and minor version as Connector/J reads them: the leading {@code major.minor.patch}
     * numbers, else 0.0. MariaDB's {@code 5.5.5-10.11.19-MariaDB} prefix therefore reads as 5.5,
     * exactly as with Connector/J.
     */
    static int[] serverVersion(String version) {
        int[] parts = new int[3];
        int i = 0;
        for (int part = 0; part < 3; part++) {
            int start = i;
            while (i < version.length() && Character.isDigit(version.charAt(i)) && version.charAt(i) < 0x80) {
                i++;
            }
            if (i == start || i - start > 9 || (part < 2 && (i >= version.length() || version.charAt(i) != '.'))) {
                return new int[] {0, 0};
            }
            parts[part] = Integer.parseInt(version.substring(start, i));
            i++;
        }
        return new int[] {parts[0], parts[1]};
    }

    // ---- identifiers, as MySQL with the server's lower_case_table_names

    @Override public boolean supportsMixedCaseIdentifiers() { return lowerCaseTableNames == 0; }
    @Override public boolean storesUpperCaseIdentifiers() { return false; }
    @Override public boolean storesLowerCaseIdentifiers() { return lowerCaseTableNames == 1; }
    @Override public boolean storesMixedCaseIdentifiers() { return lowerCaseTableNames != 1; }
    @Override public boolean supportsMixedCaseQuotedIdentifiers() { return lowerCaseTableNames == 0; }
    @Override public boolean storesUpperCaseQuotedIdentifiers() { return false; }
    @Override public boolean storesLowerCaseQuotedIdentifiers() { return lowerCaseTableNames == 1; }
    @Override public boolean storesMixedCaseQuotedIdentifiers() { return lowerCaseTableNames != 1; }
    @Override public String getIdentifierQuoteString() { return "`"; }
    @Override public String getSQLKeywords() { return MYSQL_KEYWORDS; }
    @Override public String getSearchStringEscape() { return "\\"; }
    @Override public String getExtraNameCharacters() { return "$"; }
    @Override public String getSchemaTerm() { return ""; }
    @Override public String getProcedureTerm() { return "PROCEDURE"; }
    @Override public String getCatalogTerm() { return "database"; }
    @Override public boolean isCatalogAtStart() { return true; }
    @Override public String getCatalogSeparator() { return "."; }
    @Override public boolean supportsSchemasInDataManipulation() { return false; }
    @Override public boolean supportsSchemasInProcedureCalls() { return false; }
    @Override public boolean supportsSchemasInTableDefinitions() { return false; }
    @Override public boolean supportsSchemasInIndexDefinitions() { return false; }
    @Override public boolean supportsSchemasInPrivilegeDefinitions() { return false; }
    @Override public boolean supportsCatalogsInDataManipulation() { return true; }
    @Override public boolean supportsCatalogsInProcedureCalls() { return true; }
    @Override public boolean supportsCatalogsInTableDefinitions() { return true; }
    @Override public boolean supportsCatalogsInIndexDefinitions() { return true; }
    @Override public boolean supportsCatalogsInPrivilegeDefinitions() { return true; }

    // ---- functions (MySQL's, as Connector/J lists them)

    @Override public String getNumericFunctions() {
        return "ABS,ACOS,ASIN,ATAN,ATAN2,BIT_COUNT,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,MAX,MIN,MOD,PI,POW,"
                + "POWER,RADIANS,RAND,ROUND,SIN,SQRT,TAN,TRUNCATE";
    }

    @Override public String getStringFunctions() {
        return "ASCII,BIN,BIT_LENGTH,CHAR,CHARACTER_LENGTH,CHAR_LENGTH,CONCAT,CONCAT_WS,CONV,ELT,EXPORT_SET,FIELD,"
                + "FIND_IN_SET,HEX,INSERT,INSTR,LCASE,LEFT,LENGTH,LOAD_FILE,LOCATE,LOWER,LPAD,LTRIM,MAKE_SET,MATCH,MID,OCT,"
                + "OCTET_LENGTH,ORD,POSITION,QUOTE,REPEAT,REPLACE,REVERSE,RIGHT,RPAD,RTRIM,SOUNDEX,SPACE,STRCMP,SUBSTRING,"
                + "SUBSTRING_INDEX,TRIM,UCASE,UPPER";
    }

    @Override public String getSystemFunctions() {
        return "DATABASE,USER,SYSTEM_USER,SESSION_USER,PASSWORD,ENCRYPT,LAST_INSERT_ID,VERSION";
    }

    @Override public String getTimeDateFunctions() {
        return "DAYOFWEEK,WEEKDAY,DAYOFMONTH,DAYOFYEAR,MONTH,DAYNAME,MONTHNAME,QUARTER,WEEK,YEAR,HOUR,MINUTE,SECOND,"
                + "PERIOD_ADD,PERIOD_DIFF,TO_DAYS,FROM_DAYS,DATE_FORMAT,TIME_FORMAT,CURDATE,CURRENT_DATE,CURTIME,CURRENT_TIME,"
                + "NOW,SYSDATE,CURRENT_TIMESTAMP,UNIX_TIMESTAMP,FROM_UNIXTIME,SEC_TO_TIME,TIME_TO_SEC";
    }

    // ---- SQL support

    @Override public boolean allProceduresAreCallable() { return false; }
    @Override public boolean allTablesAreSelectable() { return false; }
    @Override public boolean isReadOnly() { return false; }
    @Override public boolean nullsAreSortedHigh() { return false; }
    @Override public boolean nullsAreSortedLow() { return true; }
    @Override public boolean nullsAreSortedAtStart() { return false; }
    @Override public boolean nullsAreSortedAtEnd() { return false; }
    @Override public boolean usesLocalFiles() { return false; }
    @Override public boolean usesLocalFilePerTable() { return false; }
    @Override public boolean supportsAlterTableWithAddColumn() { return true; }
    @Override public boolean supportsAlterTableWithDropColumn() { return true; }
    @Override public boolean supportsColumnAliasing() { return true; }
    @Override public boolean nullPlusNonNullIsNull() { return true; }
    /** No JDBC escape processing: {fn CONVERT} is not translated. */
    @Override public boolean supportsConvert() { return false; }
    @Override public boolean supportsConvert(int fromType, int toType) { return false; }
    @Override public boolean supportsTableCorrelationNames() { return true; }
    @Override public boolean supportsDifferentTableCorrelationNames() { return true; }
    @Override public boolean supportsExpressionsInOrderBy() { return true; }
    @Override public boolean supportsOrderByUnrelated() { return false; }
    @Override public boolean supportsGroupBy() { return true; }
    @Override public boolean supportsGroupByUnrelated() { return true; }
    @Override public boolean supportsGroupByBeyondSelect() { return true; }
    @Override public boolean supportsLikeEscapeClause() { return true; }
    @Override public boolean supportsMultipleResultSets() { return false; }
    @Override public boolean supportsMultipleTransactions() { return true; }
    @Override public boolean supportsNonNullableColumns() { return true; }
    @Override public boolean supportsMinimumSQLGrammar() { return true; }
    @Override public boolean supportsCoreSQLGrammar() { return true; }
    @Override public boolean supportsExtendedSQLGrammar() { return false; }
    @Override public boolean supportsANSI92EntryLevelSQL() { return true; }
    @Override public boolean supportsANSI92IntermediateSQL() { return false; }
    @Override public boolean supportsANSI92FullSQL() { return false; }
    @Override public boolean supportsIntegrityEnhancementFacility() { return false; }
    @Override public boolean supportsOuterJoins() { return true; }
    @Override public boolean supportsFullOuterJoins() { return false; }
    @Override public boolean supportsLimitedOuterJoins() { return true; }
    @Override public boolean supportsPositionedDelete() { return false; }
    @Override public boolean supportsPositionedUpdate() { return false; }
    @Override public boolean supportsSelectForUpdate() { return true; }
    /** CALL goes through the policy like any statement, but there is no CallableStatement. */
    @Override public boolean supportsStoredProcedures() { return false; }
    @Override public boolean supportsSubqueriesInComparisons() { return true; }
    @Override public boolean supportsSubqueriesInExists() { return true; }
    @Override public boolean supportsSubqueriesInIns() { return true; }
    @Override public boolean supportsSubqueriesInQuantifieds() { return true; }
    @Override public boolean supportsCorrelatedSubqueries() { return true; }
    @Override public boolean supportsUnion() { return true; }
    @Override public boolean supportsUnionAll() { return true; }
    @Override public boolean supportsOpenCursorsAcrossCommit() { return false; }
    @Override public boolean supportsOpenCursorsAcrossRollback() { return false; }
    @Override public boolean supportsOpenStatementsAcrossCommit() { return true; }
    @Override public boolean supportsOpenStatementsAcrossRollback() { return true; }
    @Override public boolean supportsStoredFunctionsUsingCallSyntax() { return false; }
    @Override public boolean supportsStatementPooling() { return false; }
    @Override public boolean supportsNamedParameters() { return false; }
    @Override public boolean supportsMultipleOpenResults() { return false; }
    @Override public boolean supportsGetGeneratedKeys() { return true; }
    @Override public boolean generatedKeyAlwaysReturned() { return true; }
    @Override public boolean supportsBatchUpdates() { return true; }
    @Override public boolean supportsSavepoints() { return true; }
    @Override public boolean supportsRefCursors() { return false; }
    @Override public boolean locatorsUpdateCopy() { return true; }
    @Override public boolean autoCommitFailureClosesAllResultSets() { return false; }
    @Override public boolean doesMaxRowSizeIncludeBlobs() { return true; }
    @Override public RowIdLifetime getRowIdLifetime() { return RowIdLifetime.ROWID_UNSUPPORTED; }
    @Override public int getSQLStateType() { return sqlStateSQL; }

    // ---- limits (MySQL's; a statement is bounded by Guard's 1 MiB)

    @Override public int getMaxBinaryLiteralLength() { return 16_777_208; }
    @Override public int getMaxCharLiteralLength() { return 16_777_208; }
    @Override public int getMaxColumnNameLength() { return 64; }
    @Override public int getMaxColumnsInGroupBy() { return 64; }
    @Override public int getMaxColumnsInIndex() { return 16; }
    @Override public int getMaxColumnsInOrderBy() { return 64; }
    @Override public int getMaxColumnsInSelect() { return 256; }
    @Override public int getMaxColumnsInTable() { return 512; }
    @Override public int getMaxConnections() { return 0; }
    @Override public int getMaxCursorNameLength() { return 64; }
    @Override public int getMaxIndexLength() { return 256; }
    @Override public int getMaxSchemaNameLength() { return 0; }
    @Override public int getMaxProcedureNameLength() { return 0; }
    @Override public int getMaxCatalogNameLength() { return 32; }
    @Override public int getMaxRowSize() { return Integer.MAX_VALUE - 8; }
    @Override public int getMaxStatementLength() { return 1024 * 1024; }
    @Override public int getMaxStatements() { return 0; }
    @Override public int getMaxTableNameLength() { return 64; }
    @Override public int getMaxTablesInSelect() { return 256; }
    @Override public int getMaxUserNameLength() { return 32; }

    // ---- transactions and result sets

    @Override public int getDefaultTransactionIsolation() { return Connection.TRANSACTION_REPEATABLE_READ; }
    @Override public boolean supportsTransactions() { return true; }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_READ_UNCOMMITTED || level == Connection.TRANSACTION_READ_COMMITTED
                || level == Connection.TRANSACTION_REPEATABLE_READ || level == Connection.TRANSACTION_SERIALIZABLE;
    }

    @Override public boolean supportsDataDefinitionAndDataManipulationTransactions() { return false; }
    @Override public boolean supportsDataManipulationTransactionsOnly() { return false; }
    @Override public boolean dataDefinitionCausesTransactionCommit() { return true; }
    @Override public boolean dataDefinitionIgnoredInTransactions() { return false; }
    @Override public boolean supportsResultSetType(int type) { return type == ResultSet.TYPE_FORWARD_ONLY; }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override public boolean ownUpdatesAreVisible(int type) { return false; }
    @Override public boolean ownDeletesAreVisible(int type) { return false; }
    @Override public boolean ownInsertsAreVisible(int type) { return false; }
    @Override public boolean othersUpdatesAreVisible(int type) { return false; }
    @Override public boolean othersDeletesAreVisible(int type) { return false; }
    @Override public boolean othersInsertsAreVisible(int type) { return false; }
    @Override public boolean updatesAreDetected(int type) { return false; }
    @Override public boolean deletesAreDetected(int type) { return false; }
    @Override public boolean insertsAreDetected(int type) { return false; }
    @Override public boolean supportsResultSetHoldability(int holdability) { return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT; }
    @Override public int getResultSetHoldability() { return ResultSet.HOLD_CURSORS_OVER_COMMIT; }

    // ---- listings from the server

    @Override
    public ResultSet getCatalogs() throws SQLException {
        return connection.metadata(Request.Metadata.CATALOGS, null, null, null);
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        ResultSet rs = connection.metadata(Request.Metadata.TABLES, catalog, orAll(tableNamePattern), null);
        if (types == null) {
            return rs;
        }
        // The protocol has no type filter: keep the rows whose TABLE_TYPE was asked for.
        try (GuardResultSet all = (GuardResultSet) rs) {
            ResultColumns columns = (ResultColumns) all.getMetaData();
            int typeColumn = columns.find("TABLE_TYPE");
            List<Object[]> kept = new ArrayList<>();
            while (all.next()) {
                String type = typeColumn < 0 ? null : all.getString(typeColumn);
                for (String wanted : types) {
                    if (wanted != null && wanted.equalsIgnoreCase(type)) {
                        kept.add(all.currentRow());
                        break;
                    }
                }
            }
            return new GuardResultSet(null, columns, RowSource.of(kept));
        }
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        return connection.metadata(Request.Metadata.COLUMNS, catalog, orAll(tableNamePattern), orAll(columnNamePattern));
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        if (table == null) {
            throw new SQLException("getPrimaryKeys needs a table name", "HY009");
        }
        return connection.metadata(Request.Metadata.PRIMARY_KEYS, catalog, escapePattern(table), null);
    }

    private static String orAll(String pattern) {
        return pattern == null ? "%" : pattern;
    }

    /** An exact name as a pattern: {@code \} escapes {@code %}, {@code _} and itself (getSearchStringEscape). */
    static String escapePattern(String name) {
        StringBuilder b = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' || c == '_' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        return empty("TABLE_SCHEM", "TABLE_CATALOG");
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        return getSchemas();
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        return rows(columns("TABLE_TYPE"), List.of(new Object[] {"TABLE"}, new Object[] {"VIEW"}));
    }

    /** A fixed list of MySQL's types, ordered by DATA_TYPE. */
    @Override
    public ResultSet getTypeInfo() throws SQLException {
        List<Object[]> types = new ArrayList<>();
        type(types, "BIT", Types.BIT, 1, "b'", "'", "[(M)]", false, false);
        type(types, "BOOLEAN", Types.BOOLEAN, 3, null, null, "", false, false);
        type(types, "TINYINT", Types.TINYINT, 3, null, null, "[(M)] [UNSIGNED] [ZEROFILL]", true, false);
        type(types, "BIGINT", Types.BIGINT, 19, null, null, "[(M)] [UNSIGNED] [ZEROFILL]", true, false);
        type(types, "LONGBLOB", Types.LONGVARBINARY, Integer.MAX_VALUE, "'", "'", "", false, true);
        type(types, "MEDIUMBLOB", Types.LONGVARBINARY, 16_777_215, "'", "'", "", false, true);
        type(types, "BLOB", Types.LONGVARBINARY, 65_535, "'", "'", "[(M)]", false, true);
        type(types, "TINYBLOB", Types.LONGVARBINARY, 255, "'", "'", "", false, true);
        type(types, "VARBINARY", Types.VARBINARY, 65_535, "'", "'", "(M)", false, true);
        type(types, "BINARY", Types.BINARY, 255, "'", "'", "(M)", false, true);
        type(types, "LONGTEXT", Types.LONGVARCHAR, Integer.MAX_VALUE, "'", "'", "", false, false);
        type(types, "MEDIUMTEXT", Types.LONGVARCHAR, 16_777_215, "'", "'", "", false, false);
        type(types, "TEXT", Types.LONGVARCHAR, 65_535, "'", "'", "[(M)]", false, false);
        type(types, "TINYTEXT", Types.LONGVARCHAR, 255, "'", "'", "", false, false);
        type(types, "JSON", Types.LONGVARCHAR, Integer.MAX_VALUE, "'", "'", "", false, false);
        type(types, "CHAR", Types.CHAR, 255, "'", "'", "[(M)]", false, false);
        type(types, "ENUM", Types.CHAR, 65_535, "'", "'", "('value1','value2',...)", false, false);
        type(types, "SET", Types.CHAR, 64, "'", "'", "('value1','value2',...)", false, false);
        type(types, "DECIMAL", Types.DECIMAL, 65, null, null, "[(M[,D])] [UNSIGNED] [ZEROFILL]", false, false);
        type(types, "INT", Types.INTEGER, 10, null, null, "[(M)] [UNSIGNED] [ZEROFILL]", true, false);
        type(types, "MEDIUMINT", Types.INTEGER, 7, null, null, "[(M)] [UNSIGNED] [ZEROFILL]", true, false);
        type(types, "SMALLINT", Types.SMALLINT, 5, null, null, "[(M)] [UNSIGNED] [ZEROFILL]", true, false);
        type(types, "FLOAT", Types.REAL, 12, null, null, "[(M,D)] [UNSIGNED] [ZEROFILL]", false, false);
        type(types, "DOUBLE", Types.DOUBLE, 22, null, null, "[(M,D)] [UNSIGNED] [ZEROFILL]", false, false);
        type(types, "VARCHAR", Types.VARCHAR, 65_535, "'", "'", "(M)", false, false);
        type(types, "DATE", Types.DATE, 10, "'", "'", "", false, false);
        type(types, "YEAR", Types.DATE, 4, null, null, "", false, false);
        type(types, "TIME", Types.TIME, 16, "'", "'", "[(fsp)]", false, false);
        type(types, "DATETIME", Types.TIMESTAMP, 26, "'", "'", "[(fsp)]", false, false);
        type(types, "TIMESTAMP", Types.TIMESTAMP, 26, "'", "'", "[(fsp)]", false, false);
        types.sort(Comparator.comparingLong(row -> (Long) row[1]));
        return rows(columns("TYPE_NAME", "DATA_TYPE:i", "PRECISION:i", "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS",
                "NULLABLE:s", "CASE_SENSITIVE:b", "SEARCHABLE:s", "UNSIGNED_ATTRIBUTE:b", "FIXED_PREC_SCALE:b",
                "AUTO_INCREMENT:b", "LOCAL_TYPE_NAME", "MINIMUM_SCALE:s", "MAXIMUM_SCALE:s", "SQL_DATA_TYPE:i",
                "SQL_DATETIME_SUB:i", "NUM_PREC_RADIX:i"), types);
    }

    private static void type(List<Object[]> out, String name, int jdbcType, int precision, String prefix, String suffix,
                             String createParams, boolean autoIncrement, boolean caseSensitive) {
        boolean numeric = prefix == null && jdbcType != Types.DATE && jdbcType != Types.BOOLEAN;
        long maxScale = jdbcType == Types.DECIMAL || jdbcType == Types.REAL || jdbcType == Types.DOUBLE ? 30
                : jdbcType == Types.TIME || jdbcType == Types.TIMESTAMP ? 6 : 0;
        out.add(new Object[] {name, (long) jdbcType, (long) precision, prefix, suffix, createParams,
                (long) typeNullable, caseSensitive, (long) (prefix != null ? typeSearchable : typePredBasic),
                numeric, false, autoIncrement, name, 0L, maxScale, 0L, 0L, numeric ? 10L : 0L});
    }

    // ---- empty listings (there is no protocol request for these)

    @Override public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern) throws SQLException {
        return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2", "RESERVED3",
                "REMARKS", "PROCEDURE_TYPE:s", "SPECIFIC_NAME");
    }

    @Override public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
                                                   String columnNamePattern) throws SQLException {
        return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME", "COLUMN_TYPE:s", "DATA_TYPE:i",
                "TYPE_NAME", "PRECISION:i", "LENGTH:i", "SCALE:s", "RADIX:s", "NULLABLE:s", "REMARKS", "COLUMN_DEF",
                "SQL_DATA_TYPE:i", "SQL_DATETIME_SUB:i", "CHAR_OCTET_LENGTH:i", "ORDINAL_POSITION:i", "IS_NULLABLE",
                "SPECIFIC_NAME");
    }

    @Override public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern) throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS", "FUNCTION_TYPE:s", "SPECIFIC_NAME");
    }

    @Override public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
                                                  String columnNamePattern) throws SQLException {
        return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME", "COLUMN_TYPE:s", "DATA_TYPE:i",
                "TYPE_NAME", "PRECISION:i", "LENGTH:i", "SCALE:s", "RADIX:s", "NULLABLE:s", "REMARKS",
                "CHAR_OCTET_LENGTH:i", "ORDINAL_POSITION:i", "IS_NULLABLE", "SPECIFIC_NAME");
    }

    @Override public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE", "IS_GRANTABLE");
    }

    @Override public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable) throws SQLException {
        return empty("SCOPE:s", "COLUMN_NAME", "DATA_TYPE:i", "TYPE_NAME", "COLUMN_SIZE:i", "BUFFER_LENGTH:i",
                "DECIMAL_DIGITS:s", "PSEUDO_COLUMN:s");
    }

    @Override public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        return empty("SCOPE:s", "COLUMN_NAME", "DATA_TYPE:i", "TYPE_NAME", "COLUMN_SIZE:i", "BUFFER_LENGTH:i",
                "DECIMAL_DIGITS:s", "PSEUDO_COLUMN:s");
    }

    @Override public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        return emptyKeys();
    }

    @Override public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        return emptyKeys();
    }

    @Override public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                                 String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
        return emptyKeys();
    }

    private ResultSet emptyKeys() throws SQLException {
        return empty("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM",
                "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ:s", "UPDATE_RULE:s", "DELETE_RULE:s", "FK_NAME", "PK_NAME",
                "DEFERRABILITY:s");
    }

    @Override public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE:b", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE:s",
                "ORDINAL_POSITION:s", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY:l", "PAGES:l", "FILTER_CONDITION");
    }

    @Override public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE:i", "REMARKS", "BASE_TYPE:s");
    }

    @Override public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM", "SUPERTYPE_NAME");
    }

    @Override public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
    }

    @Override public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                             String attributeNamePattern) throws SQLException {
        return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE:i", "ATTR_TYPE_NAME", "ATTR_SIZE:i",
                "DECIMAL_DIGITS:i", "NUM_PREC_RADIX:i", "NULLABLE:i", "REMARKS", "ATTR_DEF", "SQL_DATA_TYPE:i",
                "SQL_DATETIME_SUB:i", "CHAR_OCTET_LENGTH:i", "ORDINAL_POSITION:i", "IS_NULLABLE", "SCOPE_CATALOG",
                "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:s");
    }

    @Override public ResultSet getClientInfoProperties() throws SQLException {
        return empty("NAME", "MAX_LEN:i", "DEFAULT_VALUE", "DESCRIPTION");
    }

    @Override public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                                String columnNamePattern) throws SQLException {
        return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:i", "COLUMN_SIZE:i",
                "DECIMAL_DIGITS:i", "NUM_PREC_RADIX:i", "COLUMN_USAGE", "REMARKS", "CHAR_OCTET_LENGTH:i", "IS_NULLABLE");
    }

    private ResultSet empty(String... columns) throws SQLException {
        return rows(columns(columns), List.of());
    }

    private ResultSet rows(List<ColumnInfo> columns, List<Object[]> rows) throws SQLException {
        connection.checkOpen();
        return GuardResultSet.of(null, columns, rows);
    }

    /** Columns from "NAME" (VARCHAR) or "NAME:t" with t = s SMALLINT, i INTEGER, l BIGINT, b BOOLEAN. */
    static List<ColumnInfo> columns(String... specs) {
        List<ColumnInfo> out = new ArrayList<>(specs.length);
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            char t = colon < 0 ? 'v' : spec.charAt(colon + 1);
            int type = switch (t) {
                case 's' -> Types.SMALLINT;
                case 'i' -> Types.INTEGER;
                case 'l' -> Types.BIGINT;
                case 'b' -> Types.BOOLEAN;
                default -> Types.VARCHAR;
            };
            String typeName = switch (t) {
                case 's' -> "SMALLINT";
                case 'i' -> "INT";
                case 'l' -> "BIGINT";
                case 'b' -> "BOOLEAN";
                default -> "VARCHAR";
            };
            int size = switch (t) {
                case 's' -> 5;
                case 'i' -> 10;
                case 'l' -> 19;
                case 'b' -> 1;
                default -> 64;
            };
            out.add(new ColumnInfo(name, name, "", "", type, typeName, size, 0, size, ResultSetMetaData.columnNullable,
                    t != 'v' && t != 'b', false, null, null));
        }
        return out;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "GuardDatabaseMetaData[" + getURL() + "]";
    }
}
