package dev.screenshots.runtime.baselines;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code baselines} and {@code baseline_versions} tables and the copies of their
 * images (under {@code baselines/<baseline id>/v<version>.<ext>}, so the job's retention
 * does not take a reference away). Adding a version locks its baseline row, so two
 * approvals at once make two versions, one after the other.
 */
public class BaselineStore {

	private static final String VERSION_COLUMNS = """
			v.baseline_id, b.name, v.version, v.job_id, v.origin, v.bucket, v.key, v.content_type, v.bytes,
			v.width, v.height, v.sha256, v.created_at""";

	private final JdbcClient jdbc;

	private final S3Client s3;

	private final TransactionTemplate transactions;

	public BaselineStore(JdbcClient jdbc, S3Client s3, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.s3 = s3;
		this.transactions = transactions;
	}

	/**
	 * The current version of a tenant's baseline.
	 * @param tenant the tenant
	 * @param name the baseline's name
	 * @return the version, or empty when there is no such baseline
	 */
	public Optional<BaselineVersion> current(String tenant, String name) {
		return select("b.tenant = :tenant AND b.name = :name AND v.version = b.current_version",
				Map.of("tenant", tenant, "name", name))
			.optional();
	}

	/**
	 * The version a job made of a tenant's baseline, if it made one (a retried job finds
	 * what its earlier attempt did).
	 * @param tenant the tenant
	 * @param name the baseline's name
	 * @param jobId the job
	 * @return the version, or empty
	 */
	public Optional<BaselineVersion> versionOf(String tenant, String name, UUID jobId) {
		return select("b.tenant = :tenant AND b.name = :name AND v.job_id = :job",
				Map.of("tenant", tenant, "name", name, "job", jobId))
			.optional();
	}

	/**
	 * One version of a tenant's baseline.
	 * @param tenant the tenant
	 * @param name the baseline's name
	 * @param version the version
	 * @return the version, or empty
	 */
	public Optional<BaselineVersion> version(String tenant, String name, int version) {
		return select("b.tenant = :tenant AND b.name = :name AND v.version = :version",
				Map.of("tenant", tenant, "name", name, "version", version))
			.optional();
	}

	/**
	 * Every version of a tenant's baseline, the newest first.
	 * @param tenant the tenant
	 * @param name the baseline's name
	 * @return the versions, empty when there is no such baseline
	 */
	public List<BaselineVersion> versions(String tenant, String name) {
		return select("b.tenant = :tenant AND b.name = :name ORDER BY v.version DESC",
				Map.of("tenant", tenant, "name", name))
			.list();
	}

	/**
	 * The current version of every baseline of a tenant, by name.
	 * @param tenant the tenant
	 * @return the versions
	 */
	public List<BaselineVersion> list(String tenant) {
		return select("b.tenant = :tenant AND v.version = b.current_version ORDER BY b.name", Map.of("tenant", tenant))
			.list();
	}

	/**
	 * Makes a job's image the new current version of a baseline, creating the baseline if
	 * it does not exist.
	 * @param tenant the tenant
	 * @param name the baseline's name
	 * @param jobId the job
	 * @param image the job's image
	 * @param origin {@code set}, {@code approved} or {@code auto}
	 * @param onlyIfAbsent add nothing when the baseline exists ({@code autoCreate})
	 * @return the version made, or empty when {@code onlyIfAbsent} and the baseline
	 * exists
	 */
	public Optional<BaselineVersion> add(String tenant, String name, UUID jobId, BaselineImage image, String origin,
			boolean onlyIfAbsent) {
		return this.transactions.execute((status) -> {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
			UUID created = UUID.randomUUID();
			// the row is locked from here to the commit: versions are made one at a time
			Baseline baseline = this.jdbc.sql("""
					INSERT INTO baselines (id, tenant, name, current_version, created_at, updated_at)
					VALUES (:id, :tenant, :name, 0, :now, :now)
					ON CONFLICT (tenant, name) DO UPDATE SET updated_at = baselines.updated_at
					RETURNING id, current_version
					""")
				.param("id", created)
				.param("tenant", tenant)
				.param("name", name)
				.param("now", utc(now))
				.query((rs, row) -> new Baseline(rs.getObject("id", UUID.class), rs.getInt("current_version")))
				.single();
			Optional<BaselineVersion> earlier = versionOf(tenant, name, jobId);
			if (earlier.isPresent()) {
				return earlier;
			}
			if (onlyIfAbsent && baseline.currentVersion() > 0) {
				return Optional.<BaselineVersion>empty();
			}
			int version = baseline.currentVersion() + 1;
			String extension = image.key().substring(image.key().lastIndexOf('.') + 1);
			String key = "baselines/" + baseline.id() + "/v" + version + "." + extension;
			this.s3.copyObject((copy) -> copy.sourceBucket(image.bucket())
				.sourceKey(image.key())
				.destinationBucket(image.bucket())
				.destinationKey(key));
			this.jdbc.sql("""
					INSERT INTO baseline_versions (baseline_id, version, job_id, origin, bucket, key, content_type,
					                               bytes, width, height, sha256, created_at)
					VALUES (:baseline, :version, :job, :origin, :bucket, :key, :contentType, :bytes, :width, :height,
					        :sha256, :now)
					""")
				.param("baseline", baseline.id())
				.param("version", version)
				.param("job", jobId)
				.param("origin", origin)
				.param("bucket", image.bucket())
				.param("key", key)
				.param("contentType", image.contentType())
				.param("bytes", image.bytes())
				.param("width", image.width())
				.param("height", image.height())
				.param("sha256", image.sha256())
				.param("now", utc(now))
				.update();
			this.jdbc.sql("UPDATE baselines SET current_version = :version, updated_at = :now WHERE id = :id")
				.param("version", version)
				.param("now", utc(now))
				.param("id", baseline.id())
				.update();
			return Optional.of(new BaselineVersion(baseline.id(), name, version, jobId, origin, image.bucket(), key,
					image.contentType(), image.bytes(), image.width(), image.height(), image.sha256(), now));
		});
	}

	/**
	 * Deletes a baseline with every version and their images.
	 * @param tenant the tenant
	 * @param name the baseline's name
	 * @return whether there was one
	 */
	public boolean delete(String tenant, String name) {
		List<BaselineVersion> versions = this.transactions.execute((status) -> {
			List<BaselineVersion> all = this.jdbc.sql("SELECT " + VERSION_COLUMNS + """
					 FROM baselines b JOIN baseline_versions v ON v.baseline_id = b.id
					WHERE b.tenant = :tenant AND b.name = :name FOR UPDATE OF b
					""").param("tenant", tenant).param("name", name).query(BaselineStore::version).list();
			int deleted = this.jdbc.sql("DELETE FROM baselines WHERE tenant = :tenant AND name = :name")
				.param("tenant", tenant)
				.param("name", name)
				.update();
			return (deleted > 0) ? all : null;
		});
		if (versions == null) {
			return false;
		}
		versions
			.forEach((version) -> this.s3.deleteObject((delete) -> delete.bucket(version.bucket()).key(version.key())));
		return true;
	}

	/**
	 * Reads a version's image.
	 * @param version the version
	 * @return its bytes
	 */
	public byte[] image(BaselineVersion version) {
		return this.s3.getObjectAsBytes((get) -> get.bucket(version.bucket()).key(version.key())).asByteArray();
	}

	/**
	 * The versions a condition (and order) on {@code b} (baselines) and {@code v}
	 * (versions) picks.
	 */
	private JdbcClient.MappedQuerySpec<BaselineVersion> select(String condition, Map<String, ?> params) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS
					+ " FROM baselines b JOIN baseline_versions v ON v.baseline_id = b.id WHERE " + condition)
			.params(params)
			.query(BaselineStore::version);
	}

	private static BaselineVersion version(ResultSet rs, int row) throws SQLException {
		return new BaselineVersion(rs.getObject("baseline_id", UUID.class), rs.getString("name"), rs.getInt("version"),
				rs.getObject("job_id", UUID.class), rs.getString("origin"), rs.getString("bucket"), rs.getString("key"),
				rs.getString("content_type"), rs.getLong("bytes"), rs.getInt("width"), rs.getInt("height"),
				rs.getString("sha256"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private record Baseline(UUID id, int currentVersion) {
	}

}
