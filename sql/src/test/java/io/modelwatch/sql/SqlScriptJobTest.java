package io.modelwatch.sql;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the cluster job splits a .sql file into statements (the ITs run the real files through the same split). */
class SqlScriptJobTest {

    @Test
    void wholeLineCommentsAndBlankLinesAreDroppedAndAStatementEndsAtALineEndingInASemicolon() throws IOException {
        String file = String.join("\n",
                "-- a comment",
                "SET 'table.local-time-zone' = 'UTC';",
                "",
                "  -- an indented comment",
                "SELECT a,",
                "       'x;y' AS b   -- a trailing comment stays part of the statement",
                "FROM t;",
                "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS psi AS 'io.modelwatch.sql.PsiFunction';   ",
                "");
        assertThat(SqlScriptJob.statements(file)).containsExactly(
                "SET 'table.local-time-zone' = 'UTC'",
                "SELECT a,\n       'x;y' AS b   -- a trailing comment stays part of the statement\nFROM t",
                "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS psi AS 'io.modelwatch.sql.PsiFunction'");
    }

    @Test
    void aSemicolonInsideALineDoesNotEndTheStatement() throws IOException {
        assertThat(SqlScriptJob.statements("SELECT ';' AS s FROM t\nWHERE x = 1;\n")).containsExactly(
                "SELECT ';' AS s FROM t\nWHERE x = 1");
    }

    @Test
    void aLastStatementWithoutItsSemicolonIsAnError() {
        assertThatThrownBy(() -> SqlScriptJob.statements("SELECT 1;\nSELECT 2\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("a statement without its closing ';'").hasMessageContaining("SELECT 2");
    }

    @Test
    void anEmptyFileHasNoStatements() throws IOException {
        assertThat(SqlScriptJob.statements("-- only a comment\n\n")).isEmpty();
    }
}
