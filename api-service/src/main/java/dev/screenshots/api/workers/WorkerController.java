package dev.screenshots.api.workers;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /workers}: the capture-worker fleet, live ones first.
 */
@RestController
class WorkerController {

	private final JdbcClient jdbc;

	WorkerController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Operation(summary = "List capture-workers",
			description = "The capture-worker fleet: status, current jobs, pool size and last heartbeat. Admin keys only.")
	@GetMapping(path = "/workers", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, List<WorkerView>> workers() {
		List<WorkerView> workers = this.jdbc.sql("""
				SELECT * FROM workers
				ORDER BY (status = 'offline'), last_heartbeat_at DESC LIMIT 1000
				""")
			.query((rs, row) -> new WorkerView(rs.getString("id"), rs.getString("host"), rs.getLong("pid"),
					rs.getString("status"), rs.getInt("pool_size"), rs.getInt("busy_slots"),
					uuids(rs.getArray("current_jobs")), rs.getTimestamp("started_at").toInstant(),
					rs.getTimestamp("last_heartbeat_at").toInstant(), instant(rs.getTimestamp("stopped_at"))))
			.list();
		return Map.of("workers", workers);
	}

	private static List<UUID> uuids(Array array) throws SQLException {
		return (array != null) ? Arrays.stream((Object[]) array.getArray()).map(UUID.class::cast).toList() : List.of();
	}

	private static java.time.Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
