package dev.screenshots.api.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.screenshots.testsupport.ProjectFiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The signing examples of docs/render-links.md, run as they are written (Node, Python,
 * bash with openssl), make links the service accepts: their signature is the one the
 * service computes for the query they produce.
 */
class RenderLinkSnippetsTest {

	static final String SECRET = "rsec_00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

	static final List<List<String>> PARAMS = List.of(List.of("url", "https://example.com/ä b?x=1&y=*!'()~"),
			List.of("extraHeaders.X-Y", "1"), List.of("extraHeaders.X", "a b+c"), List.of("hideSelectors", ".b"),
			List.of("hideSelectors", ".a"), List.of("key", "0f1e2d3c-0000-4000-8000-000000000000"),
			List.of("expires", "1893456000"));

	@Test
	void theJavaScriptExampleSignsAsTheServiceVerifies() throws Exception {
		assertThat(available("node", "--version")).as("node (scripts/lib.sh installs it)").isTrue();
		String program = snippet("js") + "\nconsole.log(renderLink('http://h', process.env.SECRET,"
				+ " JSON.parse(process.env.PARAMS)));\n";

		assertAccepted(run(List.of("node", "-e", program)));
	}

	@Test
	void thePythonExampleSignsAsTheServiceVerifies() throws Exception {
		assertThat(available("python3", "--version")).as("python3").isTrue();
		String program = snippet("python") + "\nimport json, os\n"
				+ "print(render_link('http://h', os.environ['SECRET'], json.loads(os.environ['PARAMS'])))\n";

		assertAccepted(run(List.of("python3", "-c", program)));
	}

	@Test
	void theShellExampleSignsAsTheServiceVerifies() throws Exception {
		assertThat(available("openssl", "version")).as("openssl").isTrue();
		List<String> command = new ArrayList<>(
				List.of("bash", "-c", snippet("bash") + "\nrender_link http://h \"$SECRET\" \"$@\"\n", "bash"));
		PARAMS.forEach((param) -> command.add(param.get(0) + "=" + param.get(1)));

		assertAccepted(run(command));
	}

	private static void assertAccepted(String link) {
		assertThat(link).startsWith("http://h/render?");
		RenderLink parsed = RenderLink.parse(link.substring(link.indexOf('?') + 1).strip());
		assertThat(parsed.single("url")).contains("https://example.com/ä b?x=1&y=*!'()~");
		assertThat(parsed.single("extraHeaders.X")).contains("a b+c");
		assertThat(parsed.single(RenderLink.SIGNATURE)).contains(RenderLink.sign(SECRET, parsed.canonical()));
	}

	/** The first code block of the given language in docs/render-links.md. */
	private static String snippet(String language) throws IOException {
		String doc = Files.readString(ProjectFiles.root().resolve("docs/render-links.md"));
		Matcher block = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
		assertThat(block.find()).as("a ```%s block in docs/render-links.md", language).isTrue();
		return block.group(1);
	}

	private static String run(List<String> command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().put("SECRET", SECRET);
		builder.environment().put("PARAMS", JsonMapper.builder().build().writeValueAsString(PARAMS));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output.strip();
	}

	private static boolean available(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}

}
