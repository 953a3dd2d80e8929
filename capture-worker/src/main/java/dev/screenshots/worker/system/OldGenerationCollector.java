package dev.screenshots.worker.system;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Collects the serial collector's old generation once it holds more than its live data
 * plus {@code capture.worker.heap-headroom}.
 *
 * <p>
 * The serial collector (jvm.options) promotes what is still alive at a young collection
 * when the survivor space cannot take it: a capture's messages in flight, a full-page
 * screenshot's text. Those die soon after, in the old generation, which it only collects
 * when it cannot grow any more: on the benchmark's long page the heap grew by about 3 MiB
 * a second up to its {@code -Xmx} (docs/performance.md, "The old generation's growth").
 * The JVM has no option for this collector that bounds the old generation's growth below
 * its ceiling ({@code G1PeriodicGCInterval} is G1's, and G1 costs the worker more CPU and
 * memory), so this class sets the old generation's usage threshold
 * ({@link MemoryPoolMXBean}) to its live data after the last full collection plus the
 * headroom; when the JVM reports the threshold crossed, it asks for a full collection
 * ({@link System#gc()}, seen in {@code jvm_gc_pause_seconds} with the cause
 * {@code System.gc()}), which gives the excess back ({@code MaxHeapFreeRatio}), and sets
 * the threshold again. With {@code -XX:+DisableExplicitGC}, or a collector without the
 * pool, it does nothing.
 */
@Component
public class OldGenerationCollector implements NotificationListener, InitializingBean, DisposableBean {

	/** The serial collector's old generation. */
	static final String POOL = "Tenured Gen";

	private static final Logger log = LoggerFactory.getLogger(OldGenerationCollector.class);

	private final MemoryPoolMXBean pool;

	private final long headroom;

	private final NotificationEmitter emitter;

	private final Runnable collect;

	@Autowired
	public OldGenerationCollector(WorkerProperties worker) {
		this(oldGeneration(ManagementFactory.getMemoryPoolMXBeans()), worker.heapHeadroom().toBytes(),
				(NotificationEmitter) ManagementFactory.getMemoryMXBean(), System::gc);
	}

	OldGenerationCollector(MemoryPoolMXBean pool, long headroom, NotificationEmitter emitter, Runnable collect) {
		this.pool = pool;
		this.headroom = headroom;
		this.emitter = emitter;
		this.collect = collect;
	}

	/**
	 * The serial collector's old generation, if the JVM runs it.
	 * @param pools the JVM's memory pools
	 * @return the pool, or {@code null}
	 */
	static MemoryPoolMXBean oldGeneration(List<MemoryPoolMXBean> pools) {
		for (MemoryPoolMXBean pool : pools) {
			if (pool.getType() == MemoryType.HEAP && POOL.equals(pool.getName()) && pool.isUsageThresholdSupported()) {
				return pool;
			}
		}
		return null;
	}

	/**
	 * @return whether the collector watches the old generation
	 */
	boolean active() {
		return this.pool != null && this.headroom > 0;
	}

	@Override
	public void afterPropertiesSet() {
		if (!active()) {
			log.info("The old generation is left to the JVM: {}", (this.pool == null)
					? "the JVM runs another collector than the serial one" : "capture.worker.heap-headroom is 0");
			return;
		}
		arm();
		this.emitter.addNotificationListener(this,
				(notification) -> MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(notification.getType()),
				null);
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		crossed(MemoryNotificationInfo.from((CompositeData) notification.getUserData()).getPoolName());
	}

	/**
	 * A pool's usage threshold was crossed.
	 * @param poolName the pool's name
	 */
	void crossed(String poolName) {
		if (!this.pool.getName().equals(poolName)) {
			return;
		}
		// on the JDK's notification thread: the collection holds up its other
		// notifications (the GC metrics') for as long as it takes
		this.collect.run();
		arm();
	}

	/**
	 * Sets the threshold to the live data after the last collection plus the headroom,
	 * below the pool's ceiling. The JVM notifies again once the usage has fallen below it
	 * and crosses it anew.
	 */
	private void arm() {
		MemoryUsage live = this.pool.getCollectionUsage();
		long used = (live != null) ? live.getUsed() : this.pool.getUsage().getUsed();
		long threshold = used + this.headroom;
		long max = this.pool.getUsage().getMax();
		if (max > 0) {
			threshold = Math.min(threshold, max);
		}
		this.pool.setUsageThreshold(threshold);
	}

	@Override
	public void destroy() {
		if (!active()) {
			return;
		}
		try {
			this.emitter.removeNotificationListener(this);
		}
		catch (ListenerNotFoundException ex) {
			// never added
		}
		this.pool.setUsageThreshold(0);
	}

}
