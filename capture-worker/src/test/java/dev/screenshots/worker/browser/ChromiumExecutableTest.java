package dev.screenshots.worker.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChromiumExecutableTest {

	@TempDir
	Path directory;

	@Test
	void debianStyleWrapperScriptIsResolvedToTheBinaryItStarts() throws IOException {
		Path binary = executable("chromium-headless-shell-real", "\u007fELF binary");
		Path wrapper = executable("chromium-headless-shell", "#!/bin/sh -e\n\n" + binary + " \"$@\"\n");
		assertThat(ChromiumExecutable.resolve(wrapper)).isEqualTo(binary);
	}

	@Test
	void aBinaryIsUsedAsItIs() throws IOException {
		Path binary = executable("chromium", "\u007fELF binary");
		assertThat(ChromiumExecutable.resolve(binary)).isEqualTo(binary);
	}

	@Test
	void aScriptNamingNoExecutableIsUsedAsItIs() throws IOException {
		Path script = executable("chrome", "#!/bin/sh\nexec \"$LIBDIR/chrome\" \"$@\"\n");
		assertThat(ChromiumExecutable.resolve(script)).isEqualTo(script);
	}

	@Test
	void aMissingConfiguredExecutableFailsNamingTheProperty() {
		Path missing = this.directory.resolve("no-such-browser");
		assertThatIllegalStateException().isThrownBy(() -> ChromiumExecutable.resolve(missing))
			.withMessageContaining("capture.browser.executable=" + missing)
			.withMessageContaining("not an executable file");
	}

	private Path executable(String name, String content) throws IOException {
		Path file = this.directory.resolve(name);
		Files.writeString(file, content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
		return file;
	}

}
