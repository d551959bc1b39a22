// Starts a real Solr 9 HTTP server (Jetty) on 127.0.0.1 from the jars Maven fetched.
// Run in Java's single-file source mode: java -cp 'lib/*' SolrServer.java SOLR_HOME PORT
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class SolrServer {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrServer SOLR_HOME PORT");
      System.exit(2);
    }
    JettyConfig config = JettyConfig.builder()
        .setContext("/solr")
        .setPort(Integer.parseInt(args[1]))
        .stopAtShutdown(true)
        .build();
    JettySolrRunner solr = new JettySolrRunner(args[0], config);
    solr.start();
    System.out.println("Solr is listening on " + solr.getBaseUrl());
    Thread.currentThread().join();
  }
}
