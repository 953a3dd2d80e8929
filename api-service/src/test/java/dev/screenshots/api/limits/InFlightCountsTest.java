package dev.screenshots.api.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightCountsTest {

	private final AtomicLong clock = new AtomicLong();

	/** Recounts started in the background, when they are held back to run later. */
	private final List<Runnable> recounts = new ArrayList<>();

	private boolean holdRecounts;

	private final InFlightCounts counts = new InFlightCounts(this.clock::get, (recount) -> {
		if (this.holdRecounts) {
			this.recounts.add(recount);
		}
		else {
			recount.run();
		}
	});

	private final UUID key = UUID.randomUUID();

	/** The jobs in the database: each accepted submit adds one, as the submit would. */
	private final AtomicLong open = new AtomicLong();

	private int countings;

	/** What a count finds, when not the open jobs: rows not yet written. */
	private Long countFinds;

	private long count() {
		this.countings++;
		return (this.countFinds != null) ? this.countFinds : this.open.get();
	}

	/**
	 * The key's rate: a burst as large as most caps below, so counts are trusted briefly.
	 */
	private int perMinute = 600;

	private int burst = 1000;

	private boolean submit(int cap) {
		boolean taken = this.counts.tryTake(this.key, cap, this.perMinute, this.burst, this::count);
		if (taken) {
			this.open.incrementAndGet();
		}
		return taken;
	}

	@Test
	void clearOfTheCapOneCountServesManySubmits() {
		for (int i = 0; i < 50; i++) {
			assertThat(submit(1000)).isTrue();
		}
		assertThat(this.countings).isEqualTo(1);
	}

	@Test
	void atTheCapEverySubmitIsRefusedOnAFreshCountAndNoneGetsThrough() {
		for (int i = 0; i < 10; i++) {
			assertThat(submit(10)).as("submit %d", i).isTrue();
		}
		int before = this.countings;
		assertThat(submit(10)).isFalse();
		assertThat(submit(10)).isFalse();
		assertThat(this.open.get()).isEqualTo(10);
		assertThat(this.countings).as("each refusal counted afresh").isEqualTo(before + 2);
	}

	@Test
	void jobsThatFinishFreeTheirPlacesAtTheNextCount() {
		for (int i = 0; i < 10; i++) {
			submit(10);
		}
		assertThat(submit(10)).isFalse();
		this.open.addAndGet(-3);
		assertThat(submit(10)).as("counted again because the last count was at the cap").isTrue();
		assertThat(submit(10)).isTrue();
		assertThat(submit(10)).isTrue();
		assertThat(submit(10)).isFalse();
		assertThat(this.open.get()).isEqualTo(10);
	}

	@Test
	void aCountIsTrustedOnlyForAMoment() {
		assertTrustedFor(InFlightCounts.RECOUNT_AFTER, 1000);
	}

	@Test
	void anotherInstancesSubmitsAreSeenAtTheNextCount() {
		submit(20);
		this.open.addAndGet(15); // accepted by another instance meanwhile
		this.clock.addAndGet(InFlightCounts.RECOUNT_AFTER.toNanos());
		for (int i = 0; i < 4; i++) {
			assertThat(submit(20)).isTrue();
		}
		assertThat(submit(20)).isFalse();
		assertThat(this.open.get()).isEqualTo(20);
	}

	@Test
	void keysAreCountedApart() {
		UUID other = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			submit(3);
		}
		assertThat(submit(3)).isFalse();
		assertThat(this.counts.tryTake(other, 3, this.perMinute, this.burst, () -> 0)).isTrue();
	}

	@Test
	void farFromTheCapACountIsTrustedUntilTheRateCouldHaveFilledTheRest() {
		// 100 submits a second, a burst of 60: from 0 open jobs of 200, the rate needs
		// (200 - 60 - 10 taken ahead of the shared bucket) / 100 = 1.3 s to reach the cap
		this.perMinute = 6_000;
		this.burst = 60;
		assertTrustedFor(Duration.ofMillis(1_300), 200);
	}

	@Test
	void noCountIsTrustedForLongerThanTheMost() {
		this.perMinute = 60;
		this.burst = 1;
		assertTrustedFor(InFlightCounts.TRUST_AT_MOST, 1_000_000);
	}

	/**
	 * A first submit counts; the count then serves submits alone until half of
	 * {@code trust} has passed, and the next submit counts again.
	 */
	private void assertTrustedFor(Duration trust, int cap) {
		submit(cap);
		this.clock.addAndGet(trust.toNanos() / 2 - 1);
		submit(cap);
		assertThat(this.countings).as("counted once within half of %s", trust).isEqualTo(1);
		this.clock.addAndGet(1);
		submit(cap);
		assertThat(this.countings).as("counted again half way through %s", trust).isEqualTo(2);
	}

	@Test
	void halfWayThroughItsTrustACountIsRenewedInTheBackgroundWhileSubmitsGoOn() {
		submit(1000);
		long trust = InFlightCounts.RECOUNT_AFTER.toNanos();
		this.holdRecounts = true;
		this.clock.set(trust / 2);
		assertThat(submit(1000)).isTrue();
		this.clock.set(trust - 1);
		assertThat(submit(1000)).isTrue();
		assertThat(this.countings).as("no submit waited for a count").isEqualTo(1);
		assertThat(this.recounts).as("one recount started").hasSize(1);
		long began = this.clock.get();
		this.recounts.remove(0).run();
		assertThat(this.countings).isEqualTo(2);
		this.clock.set(began + trust / 2 - 1);
		assertThat(submit(1000)).isTrue();
		assertThat(this.recounts).as("the new count, trusted from when it began, serves alone").isEmpty();
		this.clock.set(began + trust / 2);
		assertThat(submit(1000)).isTrue();
		assertThat(this.recounts).as("and is renewed half way through its trust").hasSize(1);
	}

	@Test
	void onceTheTrustHasEndedWithoutANewCountSubmitsCountThemselves() {
		submit(1000);
		long trust = InFlightCounts.RECOUNT_AFTER.toNanos();
		this.holdRecounts = true;
		this.clock.set(trust / 2);
		submit(1000);
		this.clock.set(trust);
		submit(1000);
		assertThat(this.countings).as("the submit after the trust counted").isEqualTo(2);
		this.countFinds = 0L;
		this.recounts.remove(0).run();
		this.countFinds = null;
		// the late recount (which found none) does not replace the count made since
		for (int i = 0; i < 10; i++) {
			submit(4);
		}
		assertThat(this.open.get()).as("held at the cap").isEqualTo(4);
	}

	@Test
	void placesTakenWhileARecountRunsAreCarriedIntoIt() {
		for (int i = 0; i < 5; i++) {
			submit(10);
		}
		this.holdRecounts = true;
		this.clock.set(InFlightCounts.RECOUNT_AFTER.toNanos() / 2);
		for (int i = 0; i < 3; i++) {
			assertThat(submit(10)).isTrue();
		}
		// the count reads the jobs before the three submits' rows were written
		this.countFinds = 5L;
		this.recounts.remove(0).run();
		this.countFinds = null;
		assertThat(submit(10)).isTrue();
		assertThat(submit(10)).isTrue();
		assertThat(submit(10)).as("the cap: 5 counted, 3 carried over, 2 since").isFalse();
		assertThat(this.open.get()).isEqualTo(10);
	}

	@Test
	void atMostAFewRecountsRunAtOnceAndAKeyLeftOutTriesAgain() {
		this.holdRecounts = true;
		List<UUID> keys = new ArrayList<>();
		for (int i = 0; i <= InFlightCounts.MAX_RECOUNTS; i++) {
			keys.add(UUID.randomUUID());
		}
		keys.forEach((each) -> this.counts.tryTake(each, 1000, this.perMinute, this.burst, this::count));
		this.clock.set(InFlightCounts.RECOUNT_AFTER.toNanos() / 2);
		keys.forEach((each) -> this.counts.tryTake(each, 1000, this.perMinute, this.burst, this::count));
		assertThat(this.recounts).as("recounts started").hasSize(InFlightCounts.MAX_RECOUNTS);
		this.recounts.remove(0).run();
		UUID leftOut = keys.get(keys.size() - 1);
		this.counts.tryTake(leftOut, 1000, this.perMinute, this.burst, this::count);
		assertThat(this.recounts).as("the key left out claimed again once one had finished")
			.hasSize(InFlightCounts.MAX_RECOUNTS);
	}

	@Test
	void aRecountThatFailsLeavesTheLastCountInUseUntilItsTrustEnds() {
		submit(1000);
		long trust = InFlightCounts.RECOUNT_AFTER.toNanos();
		this.clock.set(trust / 2);
		assertThat(this.counts.tryTake(this.key, 1000, this.perMinute, this.burst, () -> {
			throw new IllegalStateException("the database is out of reach");
		})).as("the submit that started the recount").isTrue();
		this.clock.set(trust - 1);
		submit(1000);
		assertThat(this.countings).isEqualTo(1);
		this.clock.set(trust);
		submit(1000);
		assertThat(this.countings).as("counted once the trust ended").isEqualTo(2);
	}

	@Test
	void anotherInstanceTakingTheRestOfTheRateKeepsTheKeyWithinTheStatedBound() {
		// the key's whole rate shared by two instances: right after this instance's
		// first count the other takes the key's burst, then the two take turns at 100
		// submits a second between them; the other keeps to the cap exactly, so a job
		// over it is this instance's, and may only be what the other accepted unseen
		// within 100 ms of a count (50 a second: 5)
		this.perMinute = 6_000;
		this.burst = 60;
		int cap = 200;
		assertThat(submit(cap)).isTrue();
		int accepted = 1;
		this.open.addAndGet(60);
		int countingsToTheCap = -1;
		for (int tick = 0; tick < 600; tick++) {
			this.clock.addAndGet(Duration.ofMillis(10).toNanos());
			if (tick % 2 == 0) {
				if (this.open.get() < cap) {
					this.open.incrementAndGet();
				}
			}
			else if (submit(cap)) {
				accepted++;
			}
			assertThat(this.open.get()).as("open jobs at tick %d", tick).isLessThanOrEqualTo(cap + 5);
			if (countingsToTheCap < 0 && this.open.get() >= cap) {
				countingsToTheCap = this.countings;
			}
		}
		assertThat(this.open.get()).as("the cap was reached").isGreaterThanOrEqualTo(cap);
		assertThat(accepted).as("this instance's share of the cap").isBetween(70, 80);
		// trusted for 1.3 s from the first count, then for less as the cap nears
		assertThat(countingsToTheCap).as("counts until the cap").isLessThan(accepted / 4);
	}

}
