// A local Neo4j 5.26 for development and tests: the embedded Community database with its Bolt connector on
// 127.0.0.1, authentication on. Run by scripts/neo4j-local as
//   java <flags> -cp 'lib/*' Launcher.java HOME PORT PASSWORD_FILE
// HOME holds the data; PASSWORD_FILE holds the password set for user neo4j on first start (read each start).
// Hand-written because Neo4j's server tarball is not on Maven Central; the embedded API is.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) {
        try {
            serve(args);
        } catch (Exception e) {
            System.err.println("neo4j-local: " + e);
            System.exit(1);
        }
    }

    static void serve(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = Files.readString(Path.of(args[2])).strip();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }));
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        // User neo4j's password is the one in PASSWORD_FILE: set on first start, already set on later ones.
        try {
            system.executeTransactionally("ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                    java.util.Map.of("pw", password));
        } catch (QueryExecutionException e) {
            if (!e.getMessage().contains("cannot be the same")) {
                throw e;
            }
        }
        if (!dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(60_000)) {
            System.err.println("neo4j-local: the database did not become available");
            System.exit(1);
        }
        System.out.println("neo4j-local: Bolt on 127.0.0.1:" + port);
        stopped.await();
    }
}
