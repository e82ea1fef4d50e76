package com.cardscry.portal.application.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.OptimisticUpdate;
import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optimistic updates of an account: another write first means read again and decide again. */
class AccountRecordsTest {

    private static final Problem GONE = Problem.of(ProblemType.ACCOUNT_NOT_FOUND, "gone");

    @TempDir
    Path folder;

    private AccountsFixture fixture;
    private AccountRecords records;
    private String accountId;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
        records = fixture.services.accounts();
        accountId = fixture.activeAccount("oid-1", "ada@example.com");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private AccountRecords.Versioned read() {
        return records.read(accountId).orElseThrow();
    }

    @Test
    void a_change_that_lost_a_race_is_decided_again_on_the_winners_version() {
        AccountRecords.Versioned stale = read();
        records.replace(stale.account().withDisplayName("Renamed by another request", fixture.clock.now()), stale.etag());
        AtomicInteger decisions = new AtomicInteger();

        Outcome<String> outcome = records.update(stale, current -> {
            decisions.incrementAndGet();
            return OptimisticUpdate.Change.write(current.account().blocked("spam", fixture.clock.now()),
                    stored -> Outcome.done(stored.account().displayName()));
        }, GONE);

        assertEquals(2, decisions.get());
        assertEquals("Renamed by another request", outcome.fold(name -> name, problem -> null));
        assertEquals("blocked", read().account().state().code());
    }

    @Test
    void an_account_that_keeps_changing_gives_up_with_a_conflict() {
        Outcome<String> outcome = records.update(read(), current -> {
            AccountRecords.Versioned latest = read();
            records.replace(latest.account().withDisplayName("n" + System.nanoTime(), fixture.clock.now()), latest.etag());
            return OptimisticUpdate.Change.write(current.account().blocked("spam", fixture.clock.now()), stored -> Outcome.done("written"));
        }, GONE);
        assertEquals(ProblemType.CONFLICT, outcome.fold(done -> null, Problem::type));
        assertTrue(read().account().isUsable(), "no write of the stale versions went through");
    }

    @Test
    void an_answer_writes_nothing() {
        String etag = read().etag();
        Outcome<String> outcome = records.update(read(), current -> OptimisticUpdate.Change.answer(Outcome.done("unchanged")), GONE);
        assertEquals("unchanged", outcome.fold(done -> done, problem -> null));
        assertEquals(etag, read().etag());
    }
}
