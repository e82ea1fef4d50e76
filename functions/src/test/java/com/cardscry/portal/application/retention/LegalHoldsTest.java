package com.cardscry.portal.application.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.accounts.Caller;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegalHoldsTest {

    @TempDir
    Path folder;

    private PurgeFixture fixture;
    private Caller admin;
    private String accountId;
    private LocalDate today;

    @BeforeEach
    void open() {
        fixture = new PurgeFixture(folder);
        fixture.accounts.activeAccount("oid-admin", "admin@example.com");
        admin = fixture.accounts.tokenCaller("oid-admin", true);
        accountId = fixture.signUp(fixture.clock.now()).accountId();
        today = LocalDate.ofInstant(fixture.clock.now(), ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Nested
    class Placed {

        @Test
        void holds_to_the_end_of_its_last_day_and_is_audited_without_its_reason() {
            LegalHolds.Hold hold = done(fixture.holds.place(admin, accountId, new LegalHolds.PlaceCommand(" Court order ", today.plusDays(2)
                    .toString())));

            assertEquals("Court order", hold.reason());
            assertTrue(fixture.holds.heldAccountIds().contains(accountId));
            fixture.clock.set(today.plusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1));
            assertTrue(fixture.holds.heldAccountIds().contains(accountId));
            fixture.clock.advance(Duration.ofSeconds(1));
            assertFalse(fixture.holds.heldAccountIds().contains(accountId));

            AuditEntry audited = lastAuditOf(accountId);
            assertEquals(AuditAction.LEGAL_HOLD_PLACED, audited.action());
            assertEquals(today.plusDays(2).toString(), audited.details().get("endsOn"));
            assertFalse(audited.details().containsValue("Court order"));
            assertTrue(audited.actor().isPresent());
        }

        @Test
        void an_administrator_may_hold_their_own_account_which_the_trail_records_as_their_own_act() {
            String own = admin.account().orElseThrow().account().id();

            done(fixture.holds.place(admin, own, new LegalHolds.PlaceCommand("Own dispute", today.plusDays(1).toString())));

            assertTrue(fixture.holds.heldAccountIds().contains(own));
            assertTrue(lastAuditOf(own).actor().isEmpty());
        }

        @Test
        void lifted_it_holds_no_more_and_lifting_again_changes_nothing() {
            done(fixture.holds.place(admin, accountId, new LegalHolds.PlaceCommand("Dispute", today.plusDays(30).toString())));

            // Audit entries of one instant list in arbitrary order: the lift comes a minute later.
            fixture.clock.advance(Duration.ofMinutes(1));
            LegalHolds.Hold lifted = done(fixture.holds.lift(admin, accountId));
            fixture.clock.advance(Duration.ofMinutes(1));
            LegalHolds.Hold again = done(fixture.holds.lift(admin, accountId));

            assertFalse(fixture.holds.heldAccountIds().contains(accountId));
            assertEquals(lifted, again);
            assertEquals(AuditAction.LEGAL_HOLD_LIFTED, lastAuditOf(accountId).action());
        }
    }

    @Nested
    class Refused {

        @Test
        void for_someone_without_the_admin_role_403() {
            Caller developer = fixture.accounts.tokenCaller("oid-admin", false);
            assertEquals(ProblemType.FORBIDDEN, refused(fixture.holds.place(developer, accountId,
                    new LegalHolds.PlaceCommand("Dispute", today.plusDays(1).toString()))).type());
            assertEquals(ProblemType.FORBIDDEN, refused(fixture.holds.lift(developer, accountId)).type());
        }

        @Test
        void without_a_reason_or_with_an_end_date_past_or_too_far_or_malformed_400() {
            for (LegalHolds.PlaceCommand command : List.of(new LegalHolds.PlaceCommand(" ", today.toString()),
                    new LegalHolds.PlaceCommand("x".repeat(LegalHolds.MAX_REASON_LENGTH + 1), today.toString()),
                    new LegalHolds.PlaceCommand("Dispute", today.minusDays(1).toString()),
                    new LegalHolds.PlaceCommand("Dispute", today.plusDays(LegalHolds.MAX_DAYS + 1).toString()),
                    new LegalHolds.PlaceCommand("Dispute", "2027-02-30"), new LegalHolds.PlaceCommand("Dispute", null))) {
                assertEquals(ProblemType.INVALID_REQUEST, refused(fixture.holds.place(admin, accountId, command)).type(),
                        command.toString());
            }
        }

        @Test
        void for_an_unknown_account_or_lifting_where_there_is_no_hold_404() {
            assertEquals(ProblemType.NOT_FOUND, refused(fixture.holds.place(admin, "no-such-account",
                    new LegalHolds.PlaceCommand("Dispute", today.toString()))).type());
            assertEquals(ProblemType.NOT_FOUND, refused(fixture.holds.lift(admin, accountId)).type());
        }
    }

    private AuditEntry lastAuditOf(String subjectAccountId) {
        List<AuditEntry> entries = fixture.accounts.audit.entriesFor(fixture.accounts.services.pseudonyms().of(subjectAccountId), 100);
        return entries.get(entries.size() - 1);
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError(problem.toString());
        });
    }

    private static Problem refused(Outcome<?> outcome) {
        return outcome.fold(value -> {
            throw new AssertionError("not refused: " + value);
        }, problem -> problem);
    }
}
