package com.cardscry.portal.application.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cardscry.portal.application.Outcome;
import com.cardscry.portal.application.Problem;
import com.cardscry.portal.application.ProblemType;
import com.cardscry.portal.application.port.AuditAction;
import com.cardscry.portal.application.port.AuditEntry;
import com.cardscry.portal.application.port.Notification;
import com.cardscry.portal.application.port.Notifier;
import com.cardscry.portal.application.port.Page;
import com.cardscry.portal.application.port.Query;
import com.cardscry.portal.application.port.StoreUnavailableException;
import com.cardscry.portal.application.port.StoredDocument;
import com.cardscry.portal.application.port.TokenRejection;
import com.cardscry.portal.application.port.Verification;
import com.cardscry.portal.domain.AccountState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account use cases end to end on the embedded store, local secrets and the local outbox. */
class AccountFlowsTest {

    private static final String ADA = "ada@example.com";

    @TempDir
    Path folder;

    private AccountsFixture fixture;

    @BeforeEach
    void open() {
        fixture = new AccountsFixture(folder);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static <T> T done(Outcome<T> outcome) {
        return outcome.fold(value -> value, problem -> {
            throw new AssertionError("refused: " + problem);
        });
    }

    private static Problem refused(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Refused.class, outcome).problem();
    }

    private List<StoredDocument> all(String container, String partition) {
        Page page = fixture.store.query(container, Query.partition(partition), 1000, Optional.empty());
        return page.items();
    }

    @Nested
    class SigningUp {

        @Test
        void makes_a_pending_account_sends_one_code_and_audits_without_personal_data() {
            SignUp.Result result = done(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(" Ada@Example.com ")));
            assertTrue(result.created());
            assertEquals(AccountState.PENDING, result.profile().account().state());
            assertEquals(ADA, result.profile().account().email().value());
            assertEquals(Optional.of(ADA), result.profile().pendingEmail());
            assertEquals(1, fixture.outbox.countFor(ADA));
            assertTrue(fixture.outbox.latestCodeFor(ADA).matches("[0-9]{6}"));

            String subject = fixture.services.pseudonyms().of(result.profile().account().id());
            List<AuditEntry> entries = fixture.audit.entriesFor(subject, 10);
            assertEquals(List.of(AuditAction.SIGN_UP), entries.stream().map(AuditEntry::action).toList());
            assertFalse(entries.toString().contains("ada") || entries.toString().contains("Lovelace"));
        }

        @Test
        void again_answers_the_same_account_and_sends_nothing_new() {
            SignUp signUp = new SignUp(fixture.services);
            SignUp.Result first = done(signUp.handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(ADA)));
            SignUp.Result second = done(signUp.handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand("other@example.com")));
            assertFalse(second.created());
            assertEquals(first.profile().account().id(), second.profile().account().id());
            assertEquals(ADA, second.profile().account().email().value());
            assertEquals(1, fixture.outbox.notifications().size());
        }

        @Test
        void concurrently_makes_one_account() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<SignUp.Result>> results = new ArrayList<>();
                for (int i = 0; i < 5; i++) { // the per-identity sign-up limit allows five
                    results.add(pool.submit(() -> {
                        go.await();
                        return done(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-race"), fixture.signUpCommand(ADA)));
                    }));
                }
                go.countDown();
                List<String> ids = new ArrayList<>();
                int created = 0;
                for (Future<SignUp.Result> result : results) {
                    ids.add(result.get(30, TimeUnit.SECONDS).profile().account().id());
                    created += result.get().created() ? 1 : 0;
                }
                assertEquals(1, ids.stream().distinct().count());
                assertEquals(1, created);
                assertEquals(1, fixture.outbox.countFor(ADA), "one code, from the sign-up that made the account");
            } finally {
                pool.shutdownNow();
            }
        }

        @Test
        void names_the_field_that_is_wrong() {
            SignUp signUp = new SignUp(fixture.services);
            Caller caller = fixture.tokenCaller("oid-1");
            assertEquals(Optional.of("/email"), refused(signUp.handle(caller, fixture.signUpCommand("not-an-address"))).field());
            assertEquals(Optional.of("/displayName"), refused(signUp.handle(caller,
                    new SignUp.Command(" ", ADA, "2026-01", "2026-02"))).field());
            assertEquals(Optional.of("/acceptedTermsVersion"), refused(signUp.handle(caller,
                    new SignUp.Command("Ada", ADA, "2025-01", "2026-02"))).field());
            assertEquals(Optional.of("/acceptedPrivacyPolicyVersion"), refused(signUp.handle(caller,
                    new SignUp.Command("Ada", ADA, "2026-01", "2025-02"))).field());
        }

        @Test
        void refuses_an_address_another_account_verified() {
            fixture.activeAccount("oid-1", ADA);
            Problem problem = refused(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-2"), fixture.signUpCommand("ADA@example.com")));
            assertEquals(ProblemType.EMAIL_IN_USE, problem.type());
        }

        @Test
        void keeps_no_address_in_plain_text_in_the_index() {
            fixture.activeAccount("oid-1", ADA);
            assertTrue(fixture.services.accounts().emailOwner(com.cardscry.portal.domain.EmailAddress.of(ADA)).isPresent());
            // The index entry is found under the keyed hash, and nothing in it spells the address.
            String hash = com.cardscry.portal.application.KeyedHash.of(
                    fixture.secrets.current(com.cardscry.portal.application.SecretNames.EMAIL_INDEX_KEY), "email-index", ADA);
            StoredDocument entry = fixture.store.read(AccountRecords.EMAIL_INDEX.name(), hash, hash).orElseThrow();
            assertFalse(entry.toString().contains("ada@") || entry.toString().contains("example.com"));
        }

        @Test
        void is_rate_limited_per_identity_with_a_retry_after() {
            fixture.activeAccount("oid-1", ADA);
            SignUp signUp = new SignUp(fixture.services);
            Problem last = null;
            for (int attempt = 0; attempt < 6; attempt++) {
                last = refused(signUp.handle(fixture.tokenCaller("oid-2"), fixture.signUpCommand(ADA)));
            }
            assertEquals(ProblemType.RATE_LIMITED, last.type());
            assertTrue(last.retryAfterSeconds().orElseThrow() >= 1);
        }

        @Test
        void is_rate_limited_per_client_address_across_identities() {
            SignUp signUp = new SignUp(fixture.services);
            for (int identity = 0; identity < 20; identity++) {
                done(signUp.handle(fixture.tokenCaller("oid-" + identity), fixture.signUpCommand("dev" + identity + "@example.com")));
            }
            assertEquals(ProblemType.RATE_LIMITED,
                    refused(signUp.handle(fixture.tokenCaller("oid-20"), fixture.signUpCommand("dev20@example.com"))).type());
        }

        @Test
        void finishes_when_retried_after_a_crash_between_binding_the_identity_and_writing_the_account() {
            String bound = fixture.services.accounts().bindIdentity("tenant-1", "oid-1", "bound-before-the-crash");
            SignUp.Result result = done(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(ADA)));
            assertTrue(result.created());
            assertEquals(bound, result.profile().account().id());
            assertEquals(1, fixture.outbox.countFor(ADA));
        }

        @Test
        void finishes_when_retried_after_the_notifier_failed() {
            Notifier down = new Notifier() {
                @Override
                public void send(Notification notification) {
                    throw new StoreUnavailableException("mail queue down", null);
                }

                @Override
                public int deleteWrittenBefore(Instant cutoff, int max) {
                    throw new StoreUnavailableException("mail queue down", null);
                }
            };
            AccountServices failing = new AccountServices(fixture.services.accounts(), fixture.services.sessions(), fixture.services.keys(),
                    down, fixture.audit, fixture.services.pseudonyms(), fixture.services.limits(), fixture.services.policy(), fixture.clock);
            assertThrows(StoreUnavailableException.class,
                    () -> new SignUp(failing).handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(ADA)));
            assertEquals(0, fixture.outbox.countFor(ADA));
            assertFalse(done(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(ADA))).created());
            assertEquals(0, fixture.outbox.countFor(ADA), "a sign-up racing the first one leaves the sending to it");

            fixture.clock.advance(SignUp.DELIVERY_GRACE);
            SignUp.Result retried = done(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(ADA)));
            assertFalse(retried.created());
            assertEquals(1, fixture.outbox.countFor(ADA));
            done(new VerifyEmail(fixture.services).handle(fixture.tokenCaller("oid-1"), new VerifyEmail.Command(fixture.outbox.latestCodeFor(ADA))));
        }
    }

    @Nested
    class VerifyingTheAddress {

        @BeforeEach
        void signUp() {
            done(new SignUp(fixture.services).handle(fixture.tokenCaller("oid-1"), fixture.signUpCommand(ADA)));
        }

        private Outcome<Profile> enter(String code) {
            return new VerifyEmail(fixture.services).handle(fixture.tokenCaller("oid-1"), new VerifyEmail.Command(code));
        }

        private String wrongCode() {
            String right = fixture.outbox.latestCodeFor(ADA);
            return right.equals("000000") ? "000001" : "000000";
        }

        @Test
        void the_right_code_activates_the_account_and_a_retry_still_succeeds() {
            String code = fixture.outbox.latestCodeFor(ADA);
            assertEquals(AccountState.ACTIVE, done(enter(code)).account().state());
            assertEquals(AccountState.ACTIVE, done(enter(code)).account().state());
        }

        @Test
        void wrong_codes_are_counted_and_the_fifth_spends_the_code() {
            String right = fixture.outbox.latestCodeFor(ADA);
            for (int attempt = 1; attempt <= 5; attempt++) {
                Problem problem = refused(enter(wrongCode()));
                assertEquals(ProblemType.VERIFICATION_CODE_REJECTED, problem.type());
                assertEquals(Optional.of("/code"), problem.field());
            }
            assertTrue(refused(enter(right)).detail().contains("Too many wrong codes"));
        }

        @Test
        void a_code_expires_after_fifteen_minutes() {
            fixture.clock.advance(Duration.ofMinutes(15));
            assertTrue(refused(enter(fixture.outbox.latestCodeFor(ADA))).detail().contains("expired"));
        }

        @Test
        void a_new_code_waits_a_minute_and_replaces_the_old_one() {
            String old = fixture.outbox.latestCodeFor(ADA);
            Problem early = refused(new ResendVerificationCode(fixture.services).handle(fixture.tokenCaller("oid-1")));
            assertEquals(ProblemType.RATE_LIMITED, early.type());
            assertEquals(Optional.of(60L), early.retryAfterSeconds());

            fixture.clock.advance(Duration.ofSeconds(60));
            done(new ResendVerificationCode(fixture.services).handle(fixture.tokenCaller("oid-1")));
            String fresh = fixture.outbox.latestCodeFor(ADA);
            assertEquals(2, fixture.outbox.countFor(ADA));
            if (!fresh.equals(old)) {
                assertEquals(ProblemType.VERIFICATION_CODE_REJECTED, refused(enter(old)).type());
            }
            assertEquals(AccountState.ACTIVE, done(enter(fresh)).account().state());
        }

        @Test
        void malformed_codes_are_bad_input_not_attempts() {
            for (String code : new String[] {"", "12345", "1234567", "abcdef", "١٢٣٤٥٦"}) {
                Problem problem = refused(enter(code));
                assertEquals(ProblemType.INVALID_REQUEST, problem.type());
            }
            assertEquals(AccountState.ACTIVE, done(enter(fixture.outbox.latestCodeFor(ADA))).account().state());
        }

        @Test
        void code_entry_is_rate_limited_per_identity() {
            Problem last = null;
            for (int attempt = 0; attempt < 11; attempt++) {
                last = refused(enter(wrongCode()));
            }
            assertEquals(ProblemType.RATE_LIMITED, last.type());
        }
    }

    @Nested
    class Profiles {

        @Test
        void a_new_address_replaces_the_old_only_once_verified_and_frees_the_old_one() {
            fixture.activeAccount("oid-1", ADA);
            fixture.clock.advance(Duration.ofMinutes(2));
            Profile changing = done(new UpdateProfile(fixture.services).handle(fixture.tokenCaller("oid-1"),
                    new UpdateProfile.Command(Optional.of("Ada L."), Optional.of("ada@work.example"), Optional.empty(), Optional.empty())));
            assertEquals(ADA, changing.account().email().value());
            assertEquals(Optional.of("ada@work.example"), changing.pendingEmail());
            assertEquals("Ada L.", changing.account().displayName());

            Profile changed = done(new VerifyEmail(fixture.services).handle(fixture.tokenCaller("oid-1"),
                    new VerifyEmail.Command(fixture.outbox.latestCodeFor("ada@work.example"))));
            assertEquals("ada@work.example", changed.account().email().value());
            assertTrue(changed.pendingEmail().isEmpty());

            // The old address is free for someone else now.
            fixture.activeAccount("oid-2", ADA);
        }

        @Test
        void a_new_policy_version_requires_reacceptance_until_accepted() {
            fixture.activeAccount("oid-1", ADA);
            AccountPolicy newer = new AccountPolicy("2027-01", "2026-02", Duration.ofMinutes(30), Duration.ofHours(12));
            AccountServices later = new AccountServices(fixture.services.accounts(), fixture.services.sessions(), fixture.services.keys(),
                    fixture.services.notifier(), fixture.audit, fixture.services.pseudonyms(), fixture.services.limits(), newer, fixture.clock);
            assertTrue(done(new ViewProfile(later).handle(fixture.tokenCaller("oid-1"))).reacceptanceRequired());
            assertEquals(Optional.of("/acceptedTermsVersion"), refused(new UpdateProfile(later).handle(fixture.tokenCaller("oid-1"),
                    new UpdateProfile.Command(Optional.empty(), Optional.empty(), Optional.of("2026-01"), Optional.empty()))).field());
            Profile accepted = done(new UpdateProfile(later).handle(fixture.tokenCaller("oid-1"),
                    new UpdateProfile.Command(Optional.empty(), Optional.empty(), Optional.of("2027-01"), Optional.empty())));
            assertFalse(accepted.reacceptanceRequired());
            assertEquals("2027-01", accepted.account().consent().termsVersion());
        }

        @Test
        void closing_ends_every_session_and_is_idempotent() {
            fixture.activeAccount("oid-1", ADA);
            StartSession start = new StartSession(fixture.services);
            done(start.handle(fixture.tokenCaller("oid-1")));
            done(start.handle(fixture.tokenCaller("oid-1")));
            String accountId = fixture.tokenCaller("oid-1").account().orElseThrow().account().id();
            assertEquals(2, fixture.services.sessions().list(accountId).size());

            assertEquals(AccountState.CLOSING, done(new CloseAccount(fixture.services, closedAccountId -> "erasure-request").handle(fixture.tokenCaller("oid-1"))).profile().account().state());
            assertEquals(0, fixture.services.sessions().list(accountId).size());
            assertEquals(AccountState.CLOSING, done(new CloseAccount(fixture.services, closedAccountId -> "erasure-request").handle(fixture.tokenCaller("oid-1"))).profile().account().state());
            assertEquals(ProblemType.ACCOUNT_CLOSED, refused(start.handle(fixture.tokenCaller("oid-1"))).type());
        }
    }

    @Nested
    class Sessions {

        private Authenticate authenticate() {
            return new Authenticate(token -> new Verification.Rejected(TokenRejection.MALFORMED), Optional.empty(),
                    fixture.services.accounts(), fixture.services.sessions(), fixture.services.keys(), AccountsFixture.POLICY, fixture.clock);
        }

        private Outcome<Caller> withCookie(String cookie, boolean write, Optional<String> csrf) {
            return authenticate().authenticate(new Credentials(Optional.empty(), Optional.of(cookie), csrf, Optional.empty(), write,
                    Optional.of("192.0.2.1")));
        }

        @Test
        void a_session_authenticates_by_cookie_and_writes_need_its_csrf_token() {
            fixture.activeAccount("oid-1", ADA);
            StartSession.Started started = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            assertTrue(done(withCookie(started.cookieValue(), false, Optional.empty())).viaSession());
            assertEquals(ProblemType.CSRF_TOKEN_INVALID, refused(withCookie(started.cookieValue(), true, Optional.empty())).type());
            assertEquals(ProblemType.CSRF_TOKEN_INVALID, refused(withCookie(started.cookieValue(), true, Optional.of("forged"))).type());
            assertTrue(done(withCookie(started.cookieValue(), true, Optional.of(started.csrfToken()))).viaSession());
        }

        @Test
        void the_stored_session_expires_by_itself_a_minute_after_it_would_end() {
            String accountId = fixture.activeAccount("oid-1", ADA);
            done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            StoredDocument stored = all(SessionRecords.SESSIONS.name(), accountId).get(0);
            // Started on the minute, so idle for 30 minutes it ends 30 minutes from now; plus a minute.
            assertEquals(java.util.OptionalInt.of(31 * 60), stored.document().ttlSeconds());
            fixture.clock.advance(Duration.ofMinutes(31).plusSeconds(1));
            assertTrue(all(SessionRecords.SESSIONS.name(), accountId).isEmpty());
        }

        @Test
        void a_late_request_does_not_bring_back_a_session_ended_meanwhile() {
            String accountId = fixture.activeAccount("oid-1", ADA);
            StartSession.Started started = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            SessionRecords.Versioned readByTheLateRequest = fixture.services.sessions().read(accountId, started.session().id()).orElseThrow();
            fixture.services.sessions().delete(accountId, started.session().id());
            fixture.clock.advance(Duration.ofMinutes(2));
            fixture.services.sessions().touch(readByTheLateRequest, readByTheLateRequest.session().touched(fixture.clock.now()),
                    fixture.clock.now(), AccountsFixture.POLICY.sessionIdleTimeout());
            assertTrue(fixture.services.sessions().read(accountId, started.session().id()).isEmpty());
        }

        @Test
        void the_store_holds_only_a_hash_of_the_cookie_secret() {
            String accountId = fixture.activeAccount("oid-1", ADA);
            StartSession.Started started = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            String secret = started.cookieValue().substring(started.cookieValue().indexOf('.') + 1);
            List<StoredDocument> stored = all(SessionRecords.SESSIONS.name(), accountId);
            assertEquals(1, stored.size());
            assertFalse(stored.toString().contains(secret));
            assertFalse(stored.toString().contains(started.csrfToken()));
        }

        @Test
        void a_session_ends_after_thirty_idle_minutes_or_twelve_hours() {
            fixture.activeAccount("oid-1", ADA);
            StartSession.Started idle = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            StartSession.Started busy = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            for (int step = 0; step < 12 * 3; step++) {
                fixture.clock.advance(Duration.ofMinutes(20));
                Outcome<Caller> outcome = withCookie(busy.cookieValue(), false, Optional.empty());
                if (step < 12 * 3 - 1) {
                    assertTrue(done(outcome).viaSession(), "busy session live after " + (step + 1) * 20 + " minutes");
                } else {
                    assertEquals(ProblemType.UNAUTHENTICATED, refused(outcome).type());
                }
            }
            assertEquals(ProblemType.UNAUTHENTICATED, refused(withCookie(idle.cookieValue(), false, Optional.empty())).type());
        }

        @Test
        void listing_marks_the_current_one_and_ending_it_works_once() {
            fixture.activeAccount("oid-1", ADA);
            StartSession.Started first = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            Caller viaFirst = done(withCookie(first.cookieValue(), false, Optional.empty()));
            List<ListSessions.Listed> listed = done(new ListSessions(fixture.services).handle(viaFirst));
            assertEquals(2, listed.size());
            assertEquals(1, listed.stream().filter(ListSessions.Listed::current).count());

            EndSession.Ended ended = done(new EndSession(fixture.services).handle(viaFirst, EndSession.CURRENT));
            assertTrue(ended.wasCurrent());
            assertEquals(ProblemType.UNAUTHENTICATED, refused(withCookie(first.cookieValue(), false, Optional.empty())).type());
            assertEquals(ProblemType.NOT_FOUND, refused(new EndSession(fixture.services).handle(fixture.tokenCaller("oid-1"), first.session().id())).type());
        }

        @Test
        void another_users_session_is_not_found() {
            fixture.activeAccount("oid-1", ADA);
            fixture.activeAccount("oid-2", "grace@example.com");
            StartSession.Started graces = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-2")));
            assertEquals(ProblemType.NOT_FOUND, refused(new EndSession(fixture.services).handle(fixture.tokenCaller("oid-1"), graces.session().id())).type());
            assertTrue(done(withCookie(graces.cookieValue(), false, Optional.empty())).viaSession());
        }

        @Test
        void an_account_keeps_at_most_twenty_sessions() {
            String accountId = fixture.activeAccount("oid-1", ADA);
            for (int i = 0; i < SessionRecords.MAX_SESSIONS_PER_ACCOUNT + 2; i++) {
                fixture.clock.advance(Duration.ofMinutes(1));
                if (i % 9 == 8) {
                    fixture.clock.advance(Duration.ofMinutes(1)); // stay under the per-identity start limit
                }
                done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            }
            assertEquals(SessionRecords.MAX_SESSIONS_PER_ACCOUNT, fixture.services.sessions().list(accountId).size());
        }

        @Test
        void a_cookie_cannot_start_another_session() {
            fixture.activeAccount("oid-1", ADA);
            StartSession.Started started = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            Caller viaCookie = done(withCookie(started.cookieValue(), true, Optional.of(started.csrfToken())));
            assertEquals(ProblemType.UNAUTHENTICATED, refused(new StartSession(fixture.services).handle(viaCookie)).type());
        }

        @Test
        void malformed_cookies_are_no_session() {
            for (String cookie : new String[] {"", "x", "a.b", "a." + "A".repeat(42), "../x." + "A".repeat(43), "a".repeat(300)}) {
                assertEquals(ProblemType.UNAUTHENTICATED, refused(withCookie(cookie, false, Optional.empty())).type());
            }
        }
    }

    @Nested
    class Blocking {

        @Test
        void only_admins_block_blocking_ends_sessions_and_unblocking_restores() {
            String accountId = fixture.activeAccount("oid-1", ADA);
            done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            ModerateAccount moderate = new ModerateAccount(fixture.services);

            assertEquals(ProblemType.FORBIDDEN, refused(moderate.block(fixture.tokenCaller("oid-9"), accountId,
                    new ModerateAccount.Command("spam"))).type());
            Profile blocked = done(moderate.block(fixture.tokenCaller("admin-1", true), accountId, new ModerateAccount.Command("spam")));
            assertEquals(AccountState.BLOCKED, blocked.account().state());
            assertEquals(0, fixture.services.sessions().list(accountId).size());

            assertEquals(ProblemType.ACCOUNT_BLOCKED, refused(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1"))).type());
            assertEquals(AccountState.BLOCKED, done(new ViewProfile(fixture.services).handle(fixture.tokenCaller("oid-1"))).account().state());
            assertEquals(ProblemType.ACCOUNT_BLOCKED, refused(new UpdateProfile(fixture.services).handle(fixture.tokenCaller("oid-1"),
                    new UpdateProfile.Command(Optional.of("x"), Optional.empty(), Optional.empty(), Optional.empty()))).type());

            Profile unblocked = done(moderate.unblock(fixture.tokenCaller("admin-1", true), accountId, new ModerateAccount.Command("appeal")));
            assertEquals(AccountState.ACTIVE, unblocked.account().state());

            List<AuditEntry> trail = fixture.audit.entriesFor(fixture.services.pseudonyms().of(accountId), 50);
            assertTrue(trail.stream().anyMatch(entry -> entry.action() == AuditAction.ACCOUNT_BLOCKED && entry.actor().isPresent()));
            assertTrue(trail.stream().anyMatch(entry -> entry.action() == AuditAction.ACCOUNT_UNBLOCKED));
            assertFalse(trail.toString().contains("spam"), "the reason stays on the account, not in the trail");
        }

        @Test
        void unknown_accounts_are_not_found_and_a_reason_is_required() {
            ModerateAccount moderate = new ModerateAccount(fixture.services);
            Caller admin = fixture.tokenCaller("admin-1", true);
            assertEquals(ProblemType.NOT_FOUND, refused(moderate.block(admin, "no-such-account", new ModerateAccount.Command("x"))).type());
            assertEquals(Optional.of("/reason"), refused(moderate.block(admin, "no-such-account", new ModerateAccount.Command("  "))).field());
        }

        @Test
        void a_blocked_accounts_session_cookie_stops_working() {
            String accountId = fixture.activeAccount("oid-1", ADA);
            StartSession.Started started = done(new StartSession(fixture.services).handle(fixture.tokenCaller("oid-1")));
            // The account is blocked by a writer that crashed before ending the sessions.
            AccountRecords.Versioned found = fixture.services.accounts().read(accountId).orElseThrow();
            fixture.services.accounts().replace(found.account().blocked("spam", fixture.clock.now()), found.etag());
            Outcome<Caller> outcome = new Authenticate(token -> new Verification.Rejected(TokenRejection.MALFORMED), Optional.empty(),
                    fixture.services.accounts(), fixture.services.sessions(), fixture.services.keys(), AccountsFixture.POLICY, fixture.clock)
                    .authenticate(new Credentials(Optional.empty(), Optional.of(started.cookieValue()), Optional.empty(), Optional.empty(),
                            false, Optional.empty()));
            assertEquals(ProblemType.UNAUTHENTICATED, refused(outcome).type());
            assertEquals(0, fixture.services.sessions().list(accountId).size());
            assertNotEquals(null, started.session().id());
        }
    }
}
