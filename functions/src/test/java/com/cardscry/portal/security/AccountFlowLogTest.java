package com.cardscry.portal.security;

import static com.cardscry.portal.security.PortalUnderTest.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.security.PortalUnderTest.Call;
import com.cardscry.portal.security.PortalUnderTest.Session;
import com.cardscry.portal.testing.CapturedLogs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 9 over a whole account's life through the local host: sign-up, a wrong and then the right
 * verification code, a new name and email (verified), a browser session used and ended, a block and
 * an unblock by an admin, and closing the account. Every token, cookie, CSRF token, code, email and
 * name involved is then searched for in everything logged meanwhile, at every level.
 */
class AccountFlowLogTest {

    @TempDir
    Path dataDir;

    @Test
    void no_credential_code_email_or_name_reaches_a_log_line() {
        try (CapturedLogs logs = CapturedLogs.start()) {
            PortalUnderTest portal = PortalUnderTest.start(dataDir);
            try {
                runTheWholeFlow(portal);
            } finally {
                portal.close();
            }
            assertFalse(logs.text().isBlank(), "the capture saw the portal's log lines");
            LogScan.assertNoSecretIn(logs, portal.secrets());
        }
    }

    private static void runTheWholeFlow(PortalUnderTest portal) {
        Identity ada = Identity.user("log-ada");
        Identity admin = Identity.admin("log-admin");
        portal.activeAccount(admin);

        String accountId = expect(201, portal.signUp(ada)).path("id").asText();
        String rightCode = portal.latestCodeFor(ada.email());
        String wrongCode = portal.secret(rightCode.equals("000000") ? "111111" : "000000");
        ProblemDocuments.assertProblem(portal.verifyEmail(ada, wrongCode), ProblemType.VERIFICATION_CODE_REJECTED);
        expect(200, portal.verifyEmail(ada, rightCode));

        String newName = portal.secret("Renamed " + ada.displayName());
        String newEmail = portal.secret("renamed." + ada.email());
        expect(200, portal.send(Call.of("PATCH", "/api/v1/me").bearer(portal.tokenFor(ada))
                .json("{\"displayName\":\"" + newName + "\",\"email\":\"" + newEmail + "\"}")));
        expect(200, portal.verifyEmail(ada, portal.latestCodeFor(newEmail)));

        Session session = portal.startSession(ada);
        Call withCookie = Call.of("GET", "/api/v1/sessions").header("Cookie", session.cookieHeader());
        expect(200, portal.send(withCookie));
        assertEquals(session.csrfToken(), expect(200, portal.send(Call.of("GET", "/api/v1/sessions/current")
                .header("Cookie", session.cookieHeader()))).path("csrfToken").asText());
        expect(200, portal.send(Call.of("PATCH", "/api/v1/me").header("Cookie", session.cookieHeader())
                .header("X-CSRF-Token", session.csrfToken()).json("{\"displayName\":\"" + ada.displayName() + "\"}")));
        expect(204, portal.send(Call.of("DELETE", "/api/v1/sessions/current").header("Cookie", session.cookieHeader())
                .header("X-CSRF-Token", session.csrfToken())));
        ProblemDocuments.assertProblem(portal.send(withCookie), ProblemType.UNAUTHENTICATED);

        portal.block(admin, accountId);
        ProblemDocuments.assertProblem(portal.send(Call.of("POST", "/api/v1/sessions").bearer(portal.tokenFor(ada))),
                ProblemType.ACCOUNT_BLOCKED);
        expect(200, portal.send(Call.of("POST", "/api/v1/admin/accounts/" + accountId + "/unblock")
                .bearer(portal.tokenFor(admin)).json("{\"reason\":\"appeal granted\"}")));

        expect(202, portal.send(Call.of("DELETE", "/api/v1/me").bearer(portal.tokenFor(ada))));
    }
}
