package dev.screenshots.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubmitLoadTest {

	@Test
	void wrkOutputIsReadIntoAcceptedRateAndPercentiles() {
		String output = """
				Running 15s test @ http://127.0.0.1:8080/screenshots
				  2 threads and 64 connections
				  Latency Distribution
				     50%    5.12ms
				     75%    7.00ms
				     90%    9.50ms
				     99%   18.30ms
				  30000 requests in 15.00s, 20.00MB read
				  Socket errors: connect 0, read 1, write 0, timeout 2
				  Non-2xx or 3xx responses: 300
				Requests/sec:   2000.00
				""";

		SubmitLoad.Result result = SubmitLoad.parse(output, 64);

		assertThat(result.requests()).isEqualTo(30000);
		assertThat(result.accepted()).isEqualTo(29700);
		assertThat(result.acceptedPerSecond()).isEqualTo(1980.0);
		assertThat(result.p50Ms()).isEqualTo(5.12);
		assertThat(result.p90Ms()).isEqualTo(9.5);
		assertThat(result.p99Ms()).isEqualTo(18.3);
		assertThat(result.socketErrors()).isEqualTo(3);
	}

}
