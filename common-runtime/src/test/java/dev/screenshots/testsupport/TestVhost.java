package dev.screenshots.testsupport;

/**
 * A RabbitMQ virtual host created for one test class; closing it deletes it with its
 * queues.
 *
 * @param host the broker host
 * @param port the AMQP port
 * @param username the user, with full permissions on the vhost
 * @param password the password
 * @param vhost the virtual host name
 */
public record TestVhost(String host, int port, String username, String password, String vhost,
		AutoCloseable deleter) implements AutoCloseable {

	@Override
	public void close() {
		try {
			this.deleter.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not delete test vhost " + this.vhost, ex);
		}
	}

}
