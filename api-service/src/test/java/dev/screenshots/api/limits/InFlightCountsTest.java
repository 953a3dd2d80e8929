package dev.screenshots.api.limits;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightCountsTest {

	private final AtomicLong clock = new AtomicLong();

	private final InFlightCounts counts = new InFlightCounts(this.clock::get);

	private final UUID key = UUID.randomUUID();

	/** The jobs in the database: each accepted submit adds one, as the submit would. */
	private final AtomicLong open = new AtomicLong();

	private int countings;

	private long count() {
		this.countings++;
		return this.open.get();
	}

	private boolean submit(int cap) {
		boolean taken = this.counts.tryTake(this.key, cap, this::count);
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
		submit(1000);
		this.clock.addAndGet(InFlightCounts.RECOUNT_AFTER.toNanos() - 1);
		submit(1000);
		assertThat(this.countings).isEqualTo(1);
		this.clock.addAndGet(1);
		submit(1000);
		assertThat(this.countings).isEqualTo(2);
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
		assertThat(this.counts.tryTake(other, 3, () -> 0)).isTrue();
	}

}
