package dev.screenshots.worker.system;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

import com.sun.management.GarbageCollectionNotificationInfo;
import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ProjectFiles;
import dev.screenshots.testsupport.Waits;

import static org.assertj.core.api.Assertions.assertThat;

class OldGenerationCollectorTest {

	private static final long MIB = 1024 * 1024;

	@Test
	void armsAtTheLiveDataPlusTheHeadroomAndCollectsWhenTheOldGenerationCrossesIt() {
		List<String> events = new ArrayList<>();
		Pool pool = new Pool(OldGenerationCollector.POOL, 500 * MIB, events);
		pool.used = 150 * MIB;
		Emitter thresholds = new Emitter("thresholds", events);
		Emitter collections = new Emitter("collections", events);
		long[] liveAfterCollection = { 55 * MIB };
		OldGenerationCollector collector = new OldGenerationCollector(pool, 64 * MIB, thresholds, collections, () -> {
			events.add("full collection");
			pool.live = liveAfterCollection[0];
			pool.used = liveAfterCollection[0];
		}, () -> false);
		collector.afterPropertiesSet();
		assertThat(events).as("listening before the threshold is set")
			.containsExactly("listen thresholds", "listen collections", "threshold " + 214 * MIB);
		assertThat(pool.threshold).as("no full collection yet: what the pool holds now").isEqualTo(214 * MIB);

		pool.live = 40 * MIB;
		pool.used = 45 * MIB;
		collector.collected();
		assertThat(pool.threshold).as("after the JVM's own full collection").isEqualTo(104 * MIB);

		events.clear();
		pool.used = 110 * MIB;
		collector.crossed("Survivor Space");
		assertThat(events).as("another pool's threshold").isEmpty();
		pool.used = 90 * MIB;
		collector.crossed(OldGenerationCollector.POOL);
		assertThat(events).as("crossed, but collected below it since").doesNotContain("full collection");

		pool.used = 110 * MIB;
		collector.crossed(OldGenerationCollector.POOL);
		assertThat(events).containsOnlyOnce("full collection");
		assertThat(pool.threshold).as("armed again from the new live data").isEqualTo(119 * MIB);

		liveAfterCollection[0] = 480 * MIB;
		pool.used = 490 * MIB;
		collector.crossed(OldGenerationCollector.POOL);
		assertThat(pool.threshold).as("never above the ceiling").isEqualTo(500 * MIB);

		collector.destroy();
		assertThat(thresholds.listener).isNull();
		assertThat(collections.listener).isNull();
		assertThat(pool.threshold).as("off").isZero();
		events.clear();
		pool.used = 450 * MIB;
		collector.crossed(OldGenerationCollector.POOL);
		collector.collected();
		assertThat(events).as("off for good").isEmpty();
	}

	@Test
	void takesTheJvmsNotificationsItListensTo() throws Exception {
		List<String> events = new ArrayList<>();
		Pool pool = new Pool(OldGenerationCollector.POOL, 500 * MIB, events);
		pool.used = 40 * MIB;
		Emitter thresholds = new Emitter("thresholds", events);
		Emitter collections = new Emitter("collections", events);
		OldGenerationCollector collector = new OldGenerationCollector(pool, 64 * MIB, thresholds, collections, () -> {
			events.add("full collection");
			pool.live = 30 * MIB;
			pool.used = 30 * MIB;
		}, () -> false);
		collector.afterPropertiesSet();
		Notification crossed = new Notification(MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED, "memory", 1);
		crossed.setUserData(thresholdCrossed(OldGenerationCollector.POOL));
		Notification collectionThreshold = new Notification(MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED,
				"memory", 2);
		Notification collected = new Notification(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION,
				"collector", 3);
		assertThat(thresholds.filter.isNotificationEnabled(crossed)).isTrue();
		assertThat(thresholds.filter.isNotificationEnabled(collectionThreshold)).isFalse();
		assertThat(thresholds.filter.isNotificationEnabled(collected)).isFalse();
		assertThat(collections.filter.isNotificationEnabled(collected)).isTrue();
		assertThat(collections.filter.isNotificationEnabled(crossed)).isFalse();

		events.clear();
		collector.handleNotification(collectionThreshold, null);
		assertThat(events).as("a notification it does not listen to").isEmpty();
		pool.live = 20 * MIB;
		collector.handleNotification(collected, null);
		assertThat(events).containsExactly("threshold " + 84 * MIB);
		pool.used = 90 * MIB;
		collector.handleNotification(crossed, null);
		assertThat(events).containsSubsequence("full collection", "threshold " + 94 * MIB);
	}

	@Test
	void staysOffWhenTheJvmIgnoresExplicitCollections() throws Exception {
		List<String> events = new ArrayList<>();
		Pool pool = new Pool(OldGenerationCollector.POOL, 500 * MIB, events);
		Emitter thresholds = new Emitter("thresholds", events);
		OldGenerationCollector collector = new OldGenerationCollector(pool, 64 * MIB, thresholds, null,
				() -> events.add("full collection"), () -> true);
		collector.afterPropertiesSet();
		pool.used = 400 * MIB;
		collector.crossed(OldGenerationCollector.POOL);
		collector.collected();
		assertThat(events).isEmpty();
		assertThat(OldGenerationCollector.explicitCollectionsDisabled()).as("this JVM's")
			.isEqualTo(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+DisableExplicitGC"));
		assertThat(run(ExplicitCollections.class, List.of("-XX:+DisableExplicitGC")))
			.as("a JVM that ignores System.gc()")
			.isEqualTo("true");
		assertThat(run(ExplicitCollections.class, List.of("-XX:-DisableExplicitGC"))).as("a JVM that does not")
			.isEqualTo("false");
	}

	/** The child JVM: prints whether it ignores {@link System#gc()}. */
	static final class ExplicitCollections {

		public static void main(String[] args) {
			System.out.println(OldGenerationCollector.explicitCollectionsDisabled());
		}

	}

	/** What the JVM's memory bean sends with a crossed usage threshold. */
	private static CompositeData thresholdCrossed(String poolName) throws Exception {
		CompositeData usage = (CompositeData) ManagementFactory.getPlatformMBeanServer()
			.getAttribute(new ObjectName(ManagementFactory.MEMORY_MXBEAN_NAME), "HeapMemoryUsage");
		String[] names = { "poolName", "usage", "count" };
		CompositeType type = new CompositeType(MemoryNotificationInfo.class.getName(), "a crossed threshold", names,
				names, new OpenType<?>[] { SimpleType.STRING, usage.getCompositeType(), SimpleType.LONG });
		return new CompositeDataSupport(type, names, new Object[] { poolName, usage, 1L });
	}

	@Test
	void aHeadroomBeyondAnyHeapIsCutAtTheCeiling() {
		Pool pool = new Pool(OldGenerationCollector.POOL, 500 * MIB, new ArrayList<>());
		pool.live = 40 * MIB;
		new OldGenerationCollector(pool, Long.MAX_VALUE, new Emitter("thresholds", new ArrayList<>()), null, () -> {
		}, () -> false).afterPropertiesSet();
		assertThat(pool.threshold).isEqualTo(500 * MIB);
	}

	@Test
	void doesNothingWithoutTheSerialCollectorsPoolOrWithoutHeadroom() {
		List<String> events = new ArrayList<>();
		Emitter emitter = new Emitter("thresholds", events);
		OldGenerationCollector withoutPool = new OldGenerationCollector(null, 64 * MIB, emitter, null, () -> {
		}, () -> false);
		withoutPool.afterPropertiesSet();
		withoutPool.destroy();
		Pool pool = new Pool(OldGenerationCollector.POOL, 500 * MIB, events);
		OldGenerationCollector withoutHeadroom = new OldGenerationCollector(pool, 0, emitter, null, () -> {
		}, () -> false);
		withoutHeadroom.afterPropertiesSet();
		withoutHeadroom.crossed(OldGenerationCollector.POOL);
		assertThat(events).isEmpty();
		assertThat(OldGenerationCollector.oldGeneration(List.of(new Pool("G1 Old Gen", 0, events)))).isNull();
		assertThat(OldGenerationCollector.oldGeneration(List.of(new Pool("Eden Space", 0, events), pool)))
			.isSameAs(pool);
	}

	/**
	 * On a real JVM with the worker's options: garbage promoted young collection after
	 * young collection (more than the survivor space holds lives at each) grows the old
	 * generation to well over 100 MiB without the collector, and stays within the
	 * headroom with it.
	 */
	@Test
	void keepsARealSerialOldGenerationWithinTheHeadroom() throws Exception {
		Churned without = churn(0);
		Churned with = churn(32);
		System.out.println("Without the collector: " + without + "; with 32 MiB of headroom: " + with);
		// (485 MiB of the 512 on the machine it was written on, JDK 25)
		assertThat(without.peakCommittedMiB()).as("the JVM alone, over the whole run").isGreaterThan(240);
		assertThat(with.fullCollections()).as("full collections asked for").isGreaterThan(without.fullCollections());
		// live data (a few MiB) + 32 MiB + what young collections promote while the JDK's
		// notification thread hands the crossing over (49 MiB on the machine it was
		// written on; more on a loaded one, hence the bound against the run without)
		assertThat(with.peakCommittedInSecondHalfMiB()).as("with the collector, once it has started")
			.isLessThan(without.peakCommittedMiB() / 2);
	}

	private static Churned churn(int headroomMiB) throws IOException, InterruptedException {
		String[] last = run(Churn.class, List.of("@" + ProjectFiles.workerJvmOptions(), "-Xmx512m"),
				String.valueOf(headroomMiB))
			.split(" ");
		return new Churned(Long.parseLong(last[0]), Long.parseLong(last[1]), Long.parseLong(last[2]));
	}

	/**
	 * Runs a class's main method in a child JVM of this test's Java.
	 * @param main the class
	 * @param options the JVM's options
	 * @param arguments the program's
	 * @return the last line it printed
	 */
	private static String run(Class<?> main, List<String> options, String... arguments)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.addAll(options);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile("child", ".txt");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			assertThat(process.waitFor(Waits.scaled(Duration.ofMinutes(2)).toMillis(), TimeUnit.MILLISECONDS))
				.as("the child JVM finished")
				.isTrue();
			String printed = Files.readString(output);
			assertThat(process.exitValue()).as(printed).isZero();
			return printed.strip().lines().reduce((first, second) -> second).orElseThrow();
		}
		finally {
			process.destroyForcibly();
			Files.deleteIfExists(output);
		}
	}

	private record Churned(long fullCollections, long peakCommittedMiB, long peakCommittedInSecondHalfMiB) {
	}

	/**
	 * The child JVM: about 3 GB of 10 kB arrays, each kept alive for a while among 600 (6
	 * MB, more than the 2.4 MB survivor space), so that every young collection promotes a
	 * few MiB that die soon after. Prints the full collections and the old generation's
	 * highest committed size over the whole run and in its second half (the JDK's
	 * notification thread starts slowly: the first crossing, at start-up, came some 25
	 * young collections late).
	 */
	static final class Churn {

		public static void main(String[] args) {
			MemoryPoolMXBean pool = OldGenerationCollector.oldGeneration(ManagementFactory.getMemoryPoolMXBeans());
			NotificationEmitter full = OldGenerationCollector
				.fullCollector(ManagementFactory.getGarbageCollectorMXBeans());
			if (full == null) {
				throw new IllegalStateException("no collector of " + OldGenerationCollector.POOL);
			}
			GarbageCollectorMXBean old = (GarbageCollectorMXBean) full;
			OldGenerationCollector collector = new OldGenerationCollector(pool, Long.parseLong(args[0]) * MIB,
					(NotificationEmitter) ManagementFactory.getMemoryMXBean(), full, System::gc,
					OldGenerationCollector::explicitCollectionsDisabled);
			collector.afterPropertiesSet();
			long before = old.getCollectionCount();
			Random random = new Random(1);
			byte[][] alive = new byte[600][];
			long peak = 0;
			long peakInSecondHalf = 0;
			for (int i = 0; i < 300_000; i++) {
				alive[random.nextInt(alive.length)] = new byte[10_000];
				if (i % 500 == 0) {
					long committed = pool.getUsage().getCommitted();
					peak = Math.max(peak, committed);
					if (i > 150_000) {
						peakInSecondHalf = Math.max(peakInSecondHalf, committed);
					}
				}
			}
			System.out.println((old.getCollectionCount() - before) + " " + peak / MIB + " " + peakInSecondHalf / MIB);
		}

	}

	/** A memory pool whose usage the test sets, and checks thresholds as the JDK does. */
	private static final class Pool implements MemoryPoolMXBean {

		private final String name;

		private final long max;

		private final List<String> events;

		/** What it holds now. */
		private long used;

		/** What it held after the last full collection; 0 before the first. */
		private long live;

		private long threshold;

		Pool(String name, long max, List<String> events) {
			this.name = name;
			this.max = max;
			this.events = events;
		}

		@Override
		public String getName() {
			return this.name;
		}

		@Override
		public MemoryType getType() {
			return MemoryType.HEAP;
		}

		@Override
		public MemoryUsage getUsage() {
			return new MemoryUsage(0, this.used, Math.max(this.used, 1), this.max);
		}

		@Override
		public MemoryUsage getPeakUsage() {
			return getUsage();
		}

		@Override
		public MemoryUsage getCollectionUsage() {
			return new MemoryUsage(0, this.live, this.live, this.max);
		}

		@Override
		public void resetPeakUsage() {
		}

		@Override
		public boolean isValid() {
			return true;
		}

		@Override
		public String[] getMemoryManagerNames() {
			return new String[0];
		}

		@Override
		public long getUsageThreshold() {
			return this.threshold;
		}

		@Override
		public void setUsageThreshold(long threshold) {
			if (threshold < 0 || (this.max >= 0 && threshold > this.max)) {
				throw new IllegalArgumentException("threshold " + threshold + " outside [0, " + this.max + "]");
			}
			this.events.add("threshold " + threshold);
			this.threshold = threshold;
		}

		@Override
		public boolean isUsageThresholdExceeded() {
			return false;
		}

		@Override
		public long getUsageThresholdCount() {
			return 0;
		}

		@Override
		public boolean isUsageThresholdSupported() {
			return true;
		}

		@Override
		public long getCollectionUsageThreshold() {
			return 0;
		}

		@Override
		public void setCollectionUsageThreshold(long threshold) {
		}

		@Override
		public boolean isCollectionUsageThresholdExceeded() {
			return false;
		}

		@Override
		public long getCollectionUsageThresholdCount() {
			return 0;
		}

		@Override
		public boolean isCollectionUsageThresholdSupported() {
			return false;
		}

		@Override
		public ObjectName getObjectName() {
			return null;
		}

	}

	/** Keeps the one listener and its filter, and says when it was added. */
	private static final class Emitter implements NotificationEmitter {

		private final String name;

		private final List<String> events;

		private NotificationListener listener;

		private NotificationFilter filter;

		Emitter(String name, List<String> events) {
			this.name = name;
			this.events = events;
		}

		@Override
		public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
			this.events.add("listen " + this.name);
			this.listener = listener;
			this.filter = filter;
		}

		@Override
		public void removeNotificationListener(NotificationListener listener) {
			this.listener = null;
		}

		@Override
		public void removeNotificationListener(NotificationListener listener, NotificationFilter filter,
				Object handback) {
			this.listener = null;
		}

		@Override
		public MBeanNotificationInfo[] getNotificationInfo() {
			return new MBeanNotificationInfo[0];
		}

	}

}
