package dev.screenshots.worker.system;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanNotificationInfo;
import javax.management.NotificationEmitter;
import javax.management.NotificationFilter;
import javax.management.NotificationListener;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import dev.screenshots.testsupport.ProjectFiles;

import static org.assertj.core.api.Assertions.assertThat;

class OldGenerationCollectorTest {

	private static final long MIB = 1024 * 1024;

	@Test
	void armsAtTheLiveDataPlusTheHeadroomAndCollectsWhenTheOldGenerationCrossesIt() {
		Pool pool = new Pool(OldGenerationCollector.POOL, 40 * MIB, 500 * MIB);
		Emitter emitter = new Emitter();
		List<String> collections = new ArrayList<>();
		long[] liveAfterCollection = { 55 * MIB };
		OldGenerationCollector collector = new OldGenerationCollector(pool, 64 * MIB, emitter, () -> {
			collections.add("full");
			pool.live = liveAfterCollection[0];
		});
		collector.afterPropertiesSet();
		assertThat(pool.threshold).isEqualTo(104 * MIB);
		assertThat(emitter.listener).isSameAs(collector);

		collector.crossed("Survivor Space");
		assertThat(collections).as("another pool's threshold").isEmpty();
		collector.crossed(OldGenerationCollector.POOL);
		assertThat(collections).hasSize(1);
		assertThat(pool.threshold).as("armed again from the new live data").isEqualTo(119 * MIB);

		liveAfterCollection[0] = 480 * MIB;
		collector.crossed(OldGenerationCollector.POOL);
		assertThat(pool.threshold).as("never above the ceiling").isEqualTo(500 * MIB);

		collector.destroy();
		assertThat(emitter.listener).isNull();
		assertThat(pool.threshold).as("off").isZero();
	}

	@Test
	void doesNothingWithoutTheSerialCollectorsPoolOrWithoutHeadroom() {
		Emitter emitter = new Emitter();
		OldGenerationCollector withoutPool = new OldGenerationCollector(null, 64 * MIB, emitter, () -> {
		});
		withoutPool.afterPropertiesSet();
		withoutPool.destroy();
		Pool pool = new Pool(OldGenerationCollector.POOL, 40 * MIB, 500 * MIB);
		OldGenerationCollector withoutHeadroom = new OldGenerationCollector(pool, 0, emitter, () -> {
		});
		withoutHeadroom.afterPropertiesSet();
		assertThat(emitter.listener).isNull();
		assertThat(pool.threshold).isEqualTo(-1);
		assertThat(OldGenerationCollector.oldGeneration(List.of(new Pool("G1 Old Gen", 0, 0)))).isNull();
		assertThat(OldGenerationCollector.oldGeneration(List.of(new Pool("Eden Space", 0, 0), pool))).isSameAs(pool);
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
		// (485 MiB of the 512 on the machine it was written on)
		assertThat(without.peakCommittedMiB()).as("the JVM alone").isGreaterThan(240);
		assertThat(with.fullCollections()).as("full collections asked for").isGreaterThan(without.fullCollections());
		// live data (a few MiB) + 32 MiB + what young collections promote while the JDK's
		// notification thread hands over the crossing (62 MiB on the machine it was
		// written on)
		assertThat(with.peakCommittedMiB()).as("with the collector").isLessThan(120);
	}

	private static Churned churn(int headroomMiB) throws IOException, InterruptedException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "@" + ProjectFiles.workerJvmOptions(), "-Xmx512m", "-cp",
				System.getProperty("java.class.path"), Churn.class.getName(), String.valueOf(headroomMiB))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		String[] last = output.strip().lines().reduce((first, second) -> second).orElseThrow().split(" ");
		return new Churned(Long.parseLong(last[0]), Long.parseLong(last[1]));
	}

	private record Churned(long fullCollections, long peakCommittedMiB) {
	}

	/**
	 * The child JVM: about 3 GB of 10 kB arrays, each kept alive for a while among 600 (6
	 * MB, more than the 2.4 MB survivor space), so that every young collection promotes a
	 * few MiB that die soon after. Prints the full collections and the old generation's
	 * highest committed size.
	 */
	static final class Churn {

		public static void main(String[] args) {
			MemoryPoolMXBean pool = OldGenerationCollector.oldGeneration(ManagementFactory.getMemoryPoolMXBeans());
			OldGenerationCollector collector = new OldGenerationCollector(pool, Long.parseLong(args[0]) * MIB,
					(NotificationEmitter) ManagementFactory.getMemoryMXBean(), System::gc);
			collector.afterPropertiesSet();
			GarbageCollectorMXBean old = ManagementFactory.getGarbageCollectorMXBeans()
				.stream()
				.filter((collectorBean) -> collectorBean.getName().equals("MarkSweepCompact"))
				.findFirst()
				.orElseThrow();
			long before = old.getCollectionCount();
			Random random = new Random(1);
			byte[][] alive = new byte[600][];
			long peak = 0;
			for (int i = 0; i < 300_000; i++) {
				alive[random.nextInt(alive.length)] = new byte[10_000];
				if (i % 500 == 0) {
					peak = Math.max(peak, pool.getUsage().getCommitted());
				}
			}
			System.out.println((old.getCollectionCount() - before) + " " + peak / MIB);
		}

	}

	/** A memory pool whose usage the test sets. */
	private static final class Pool implements MemoryPoolMXBean {

		private final String name;

		private final long max;

		private long live;

		private long threshold = -1;

		Pool(String name, long live, long max) {
			this.name = name;
			this.live = live;
			this.max = max;
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
			long used = Math.min(this.live + 10 * MIB, this.max);
			return new MemoryUsage(0, used, used, this.max);
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

	/** Keeps the one listener. */
	private static final class Emitter implements NotificationEmitter {

		private NotificationListener listener;

		@Override
		public void addNotificationListener(NotificationListener listener, NotificationFilter filter, Object handback) {
			this.listener = listener;
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
