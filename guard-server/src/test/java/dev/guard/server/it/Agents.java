package dev.guard.server.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Connections through the real {@code jdbc:guard:} driver, as the contract's identities. */
final class Agents {

    private Agents() {}

    static Connection connect(GatewayFixture fx, String user, String schema) throws SQLException {
        Properties p = new Properties();
        p.setProperty("token", ContractFixture.tokenOf(user));
        return DriverManager.getConnection(fx.url(schema), p);
    }
}
