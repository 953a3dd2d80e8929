package dev.screenshots.worker.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.screenshots.runtime.messaging.CaptureTopology;
import dev.screenshots.worker.pipeline.JobStateStore;

/**
 * Heals what the broker loses. PostgreSQL is the record of every job and the broker only
 * delivers them: a pending job whose message is gone (a broker node lost with its disk, a
 * purged or re-created queue, an operator's mistake) would otherwise stay pending for
 * ever. Every worker runs a reconciler; one at a time (a PostgreSQL advisory lock) it
 * publishes again, through the outbox, the pending jobs whose message has been
 * outstanding far longer than the queue's expected wait: {@code min-age}, or
 * {@code wait-factor} times the ready messages divided by the jobs finished per second
 * over the last five minutes, whichever is longer (a queue with ready messages and no job
 * finishing is not waited out: its messages are there, nobody takes them). A message
 * published again for a job that still had one costs a claim that does nothing: the
 * conditional claim runs each job once.
 */
@Component
class QueueReconciler extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(QueueReconciler.class);

	private static final int BATCH = 500;

	private static final Duration THROUGHPUT_WINDOW = Duration.ofMinutes(5);

	private final TransactionTemplate transactions;

	private final JobStateStore store;

	private final AmqpAdmin admin;

	private final ReconcilerProperties properties;

	private final Counter republished;

	QueueReconciler(TransactionTemplate transactions, JobStateStore store, AmqpAdmin admin,
			ReconcilerProperties properties, MeterRegistry registry) {
		super("queue-reconciler");
		this.transactions = transactions;
		this.store = store;
		this.admin = admin;
		this.properties = properties;
		this.republished = Counter.builder("capture.jobs.republished")
			.description("Pending jobs whose message the broker lost, published again by the queue reconciler")
			.register(registry);
	}

	@Override
	Duration interval() {
		return this.properties.interval();
	}

	@Override
	boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	void tick() {
		QueueInformation queue = this.admin.getQueueInfo(CaptureTopology.WORK_QUEUE);
		if (queue == null) {
			return; // not declared (yet): the consumer declares it
		}
		double perSecond = this.store.finishedWithin(THROUGHPUT_WINDOW) / (double) THROUGHPUT_WINDOW.toSeconds();
		Duration threshold = threshold(queue.getMessageCount(), perSecond);
		if (threshold == null) {
			log.debug("{} ready messages and no job finished in {}: not reconciling", queue.getMessageCount(),
					THROUGHPUT_WINDOW);
			return;
		}
		int handled;
		do {
			handled = republishBatch(threshold);
		}
		while (handled == BATCH);
	}

	/**
	 * How long a pending job's message must have been outstanding to be presumed lost.
	 * @param ready the messages ready in the work queue
	 * @param finishedPerSecond the jobs finished per second lately
	 * @return the threshold, or {@code null} when the queue holds messages and none is
	 * being taken (nothing can be concluded)
	 */
	Duration threshold(long ready, double finishedPerSecond) {
		if (ready == 0) {
			return this.properties.minAge();
		}
		if (finishedPerSecond <= 0) {
			return null;
		}
		Duration expectedWait = Duration.ofMillis((long) (ready / finishedPerSecond * 1000));
		Duration waited = Duration.ofMillis((long) (expectedWait.toMillis() * this.properties.waitFactor()));
		return (waited.compareTo(this.properties.minAge()) > 0) ? waited : this.properties.minAge();
	}

	private int republishBatch(Duration threshold) {
		Integer count = this.transactions.execute((status) -> {
			if (!this.store.tryExclusive("screenshots.queue-reconciler")) {
				return 0; // another worker is at it
			}
			Map<UUID, String> lost = this.store.lockOverduePending(threshold, BATCH);
			lost.forEach(this.store::republish);
			return lost.size();
		});
		int republishedNow = (count != null) ? count : 0;
		if (republishedNow > 0) {
			this.republished.increment(republishedNow);
			log.warn("Published {} pending job(s) again: their message was outstanding for more than {} "
					+ "(lost by the broker?)", republishedNow, threshold);
		}
		return republishedNow;
	}

}
