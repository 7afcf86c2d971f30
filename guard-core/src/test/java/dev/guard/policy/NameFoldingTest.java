package dev.guard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.catalog.Catalog;
import dev.guard.sql.SqlMode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With lower_case_table_names set, names differing only in case are the same object to the server, and to Guard. */
class NameFoldingTest {

    private static final String POLICY = """
            version: 1
            rules:
              - id: read-all
                effect: allow
                subjects: { users: [u] }
                statements: [SELECT]
                tables: ["*.*"]
              - id: no-hr
                effect: deny
                subjects: { users: [u] }
                tables: ["hr.*"]
            masking:
              - id: m
                columns: [shop.customers.email]
                method: redact
            """;

    private static PolicyEngine engine(boolean fold) throws Exception {
        Catalog catalog = Catalog.builder().foldNames(fold)
                .table("hr", "employees", List.of("id", "ssn"))
                .table("shop", "customers", List.of("id", "email"))
                .build();
        return new PolicyEngine(PolicyLoader.parse(POLICY, "p.yaml", PolicyEngine.patternCompiler(catalog)), catalog);
    }

    private static Decision decide(PolicyEngine e, String sql) {
        return e.decide(new PolicyEngine.Request(new Caller("u", Set.of()), "shop", sql, SqlMode.DEFAULT));
    }

    @Test
    void aDenyRuleHoldsWhateverTheCaseOfTheNameWhenTheServerFoldsNames() throws Exception {
        PolicyEngine folding = engine(true);
        assertThat(decide(folding, "SELECT * FROM HR.Employees")).isInstanceOf(Decision.Deny.class)
                .extracting(Decision::rule).isEqualTo("no-hr");
        Decision masked = decide(folding, "SELECT EMAIL FROM SHOP.CUSTOMERS");
        assertThat(masked).isInstanceOf(Decision.Allow.class);
        assertThat(((Decision.Allow) masked).masks()).hasSize(1);
    }

    @Test
    void withoutFoldingADifferentCaseIsAnotherTableThatDoesNotExist() throws Exception {
        Decision d = decide(engine(false), "SELECT * FROM HR.Employees");
        assertThat(d).isInstanceOf(Decision.Deny.class);
        assertThat(d.check()).isEqualTo("unknown-object");
    }
}
