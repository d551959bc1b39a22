// Starts a real SolrCloud on 127.0.0.1: an embedded ZooKeeper and two Solr nodes in one
// JVM (solr-test-framework's MiniSolrCloudCluster), uploads CKAN's configset and creates
// a collection of two shards. Writes the first node's base URL to URL_FILE once ready.
// Run in Java's single-file source mode:
//   java -cp 'lib/*' SolrCloud.java BASE_DIR CONF_DIR COLLECTION URL_FILE
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;

public class SolrCloud {
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: SolrCloud BASE_DIR CONF_DIR COLLECTION URL_FILE");
      System.exit(2);
    }
    Path base = Path.of(args[0]);
    Files.createDirectories(base);
    JettyConfig jetty = JettyConfig.builder().setContext("/solr").stopAtShutdown(true).build();
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster(2, base, jetty);
    cluster.uploadConfigSet(Path.of(args[1]), "ckan");
    CollectionAdminRequest.createCollection(args[2], "ckan", 2, 1)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(args[2], 2, 2);
    String url = cluster.getJettySolrRunners().get(0).getBaseUrl().toString();
    Files.writeString(Path.of(args[3]), url + "/" + args[2]);
    System.out.println("SolrCloud is listening on " + url + " (collection " + args[2] + ")");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { cluster.shutdown(); } catch (Exception e) { e.printStackTrace(); }
    }));
    Thread.currentThread().join();
  }
}
