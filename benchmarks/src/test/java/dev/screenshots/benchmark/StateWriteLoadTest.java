package dev.screenshots.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StateWriteLoadTest {

	@Test
	void throughAPoolerTheUrlNamesThePoolerWithTheParametersGiven() {
		assertThat(StateWriteLoad.throughPooler("jdbc:postgresql://127.0.0.1:5432/sstest_a", "127.0.0.1:6432"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:6432/sstest_a");
		assertThat(StateWriteLoad.throughPooler("jdbc:postgresql://127.0.0.1:5432/sstest_a",
				"127.0.0.1:6432?prepareThreshold=0"))
			.isEqualTo("jdbc:postgresql://127.0.0.1:6432/sstest_a?prepareThreshold=0");
		assertThat(StateWriteLoad.throughPooler("jdbc:postgresql://db:5432/sstest_a?ssl=false",
				"pooler:6432?prepareThreshold=0"))
			.isEqualTo("jdbc:postgresql://pooler:6432/sstest_a?ssl=false&prepareThreshold=0");
		assertThatIllegalArgumentException().isThrownBy(() -> StateWriteLoad.throughPooler("jdbc:h2:mem:x", "p:1"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StateWriteLoad.throughPooler("jdbc:postgresql://db:5432/a", "pooler/x:6432"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StateWriteLoad.throughPooler("jdbc:postgresql://db:5432/a", "pooler"));
	}

	@Test
	void connectionsAreNeverMoreThanTheWorkers() {
		assertThat(BenchmarkSettings.parse("--state-write-workers=4", "--state-write-connections=16")
			.stateWriteConnections()).isEqualTo(4);
		assertThat(BenchmarkSettings.parse("--state-write-workers=4").stateWriteConnections()).isEqualTo(4);
		assertThat(BenchmarkSettings.parse("--state-write-workers=8", "--state-write-connections=2")
			.stateWriteConnections()).isEqualTo(2);
		assertThat(BenchmarkSettings.parse().stateWritePooler()).isNull();
		assertThat(BenchmarkSettings.parse("--state-write-pooler=").stateWritePooler()).isNull();
	}

}
