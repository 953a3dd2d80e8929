package dev.screenshots.worker.browser;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Up while at least one slot has a live browser; reports slot counts.
 */
@Component("browserPoolHealthIndicator")
class BrowserPoolHealthIndicator implements HealthIndicator {

	private final BrowserPool pool;

	BrowserPoolHealthIndicator(BrowserPool pool) {
		this.pool = pool;
	}

	@Override
	public Health health() {
		int live = this.pool.live();
		Health.Builder builder = (live > 0) ? Health.up() : Health.down();
		return builder.withDetail("executable", this.pool.executable().toString())
			.withDetail("browsers", this.pool.launcher().describe())
			.withDetail("slots", this.pool.size())
			.withDetail("live", live)
			.withDetail("busy", this.pool.busy())
			.withDetail("waiting", this.pool.waiting())
			.build();
	}

}
