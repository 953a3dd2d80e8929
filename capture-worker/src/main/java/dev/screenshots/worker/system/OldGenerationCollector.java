package dev.screenshots.worker.system;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
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
 * {@code System.gc()}), which gives the excess back ({@code MaxHeapFreeRatio}). It sets
 * the threshold again after every full collection, its own or the JVM's. With
 * {@code -XX:+DisableExplicitGC}, another collector or no headroom, it says so at
 * start-up and does nothing. The threshold is the JVM's: one worker per JVM.
 */
@Component
public class OldGenerationCollector implements NotificationListener, InitializingBean, DisposableBean {

	/** The serial collector's old generation. */
	static final String POOL = "Tenured Gen";

	private static final Logger log = LoggerFactory.getLogger(OldGenerationCollector.class);

	private final MemoryPoolMXBean pool;

	private final long headroom;

	/** The JVM's memory bean, which reports a crossed threshold. */
	private final NotificationEmitter thresholds;

	/** The collector of the old generation, which reports each full collection. */
	private final NotificationEmitter collections;

	private final Runnable collect;

	/** Whether the JVM ignores {@link System#gc()} ({@code -XX:+DisableExplicitGC}). */
	private final BooleanSupplier collectIgnored;

	private volatile boolean active;

	@Autowired
	public OldGenerationCollector(WorkerProperties worker) {
		this(oldGeneration(ManagementFactory.getMemoryPoolMXBeans()), worker.heapHeadroom().toBytes(),
				(NotificationEmitter) ManagementFactory.getMemoryMXBean(),
				fullCollector(ManagementFactory.getGarbageCollectorMXBeans()), System::gc,
				OldGenerationCollector::explicitCollectionsDisabled);
	}

	OldGenerationCollector(MemoryPoolMXBean pool, long headroom, NotificationEmitter thresholds,
			NotificationEmitter collections, Runnable collect, BooleanSupplier collectIgnored) {
		this.pool = pool;
		this.headroom = headroom;
		this.thresholds = thresholds;
		this.collections = collections;
		this.collect = collect;
		this.collectIgnored = collectIgnored;
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
	 * The collector that collects the old generation (the serial one's only collects it
	 * whole).
	 */
	static NotificationEmitter fullCollector(List<GarbageCollectorMXBean> collectors) {
		for (GarbageCollectorMXBean collector : collectors) {
			if (List.of(collector.getMemoryPoolNames()).contains(POOL)
					&& collector instanceof NotificationEmitter emitter) {
				return emitter;
			}
		}
		return null;
	}

	static boolean explicitCollectionsDisabled() {
		HotSpotDiagnosticMXBean diagnostics = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		return diagnostics != null && "true".equals(diagnostics.getVMOption("DisableExplicitGC").getValue());
	}

	@Override
	public void afterPropertiesSet() {
		String off = (this.pool == null) ? "the JVM runs another collector than the serial one"
				: (this.headroom <= 0) ? "capture.worker.heap-headroom is 0"
						: this.collectIgnored.getAsBoolean() ? "-XX:+DisableExplicitGC is set" : null;
		if (off != null) {
			log.info("The old generation is left to the JVM: {}", off);
			return;
		}
		this.active = true;
		// listening before the threshold is set: one set below the usage notifies at once
		this.thresholds.addNotificationListener(this,
				(notification) -> MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(notification.getType()),
				null);
		if (this.collections != null) {
			this.collections.addNotificationListener(this,
					(notification) -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
						.equals(notification.getType()),
					null);
		}
		arm();
	}

	@Override
	public void handleNotification(Notification notification, Object handback) {
		String type = notification.getType();
		if (MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(type)) {
			crossed(MemoryNotificationInfo.from((CompositeData) notification.getUserData()).getPoolName());
		}
		else if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(type)) {
			collected();
		}
	}

	/**
	 * A pool's usage threshold was crossed: unless a full collection has brought the old
	 * generation below it since, a full collection, and the threshold set again.
	 * @param poolName the pool's name
	 */
	void crossed(String poolName) {
		if (!this.active || !this.pool.getName().equals(poolName)) {
			return;
		}
		try {
			if (this.pool.getUsage().getUsed() >= this.pool.getUsageThreshold()) {
				// on the JDK's notification thread: the collection holds up its other
				// notifications (the GC metrics') for as long as it takes
				this.collect.run();
			}
			arm();
		}
		catch (RuntimeException ex) {
			log.warn("Collecting the old generation failed; it is left to the JVM until its next full collection", ex);
		}
	}

	/**
	 * The old generation was collected, by this class or by the JVM (start-up's
	 * collections, the filter lists' one, the code cache's): the threshold follows its
	 * live data.
	 */
	void collected() {
		if (!this.active) {
			return;
		}
		try {
			arm();
		}
		catch (RuntimeException ex) {
			log.warn("Setting the old generation's threshold failed", ex);
		}
	}

	/**
	 * Sets the threshold to the live data after the last full collection (before the
	 * first: what the old generation holds now) plus the headroom, at most the pool's
	 * ceiling. The JVM notifies again once the usage has fallen below it and crosses it
	 * anew.
	 */
	private synchronized void arm() {
		if (!this.active) {
			return;
		}
		MemoryUsage live = this.pool.getCollectionUsage();
		long used = (live != null) ? live.getUsed() : 0;
		if (used == 0) {
			used = this.pool.getUsage().getUsed();
		}
		long threshold = (used > Long.MAX_VALUE - this.headroom) ? Long.MAX_VALUE : used + this.headroom;
		long max = this.pool.getUsage().getMax();
		if (max >= 0) {
			threshold = Math.min(threshold, max);
		}
		this.pool.setUsageThreshold(threshold);
	}

	@Override
	public void destroy() {
		if (!this.active) {
			return;
		}
		synchronized (this) {
			this.active = false;
			this.pool.setUsageThreshold(0);
		}
		remove(this.thresholds);
		remove(this.collections);
	}

	private void remove(NotificationEmitter emitter) {
		if (emitter == null) {
			return;
		}
		try {
			emitter.removeNotificationListener(this);
		}
		catch (ListenerNotFoundException ex) {
			// never added
		}
	}

}
