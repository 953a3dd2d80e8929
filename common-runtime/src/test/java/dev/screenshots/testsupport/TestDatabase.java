package dev.screenshots.testsupport;

/**
 * A PostgreSQL database created for one test class; closing it drops it.
 *
 * @param jdbcUrl the JDBC URL of the database
 * @param username the user to connect as
 * @param password the password, possibly empty
 * @param name the database name
 */
public record TestDatabase(String jdbcUrl, String username, String password, String name,
		AutoCloseable dropper) implements AutoCloseable {

	@Override
	public void close() {
		try {
			this.dropper.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not drop test database " + this.name, ex);
		}
	}

}
