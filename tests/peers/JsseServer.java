/* JsseServer.java — a Java JSSE TLS 1.2 server on 127.0.0.1 for the tests (java JsseServer.java)
 *
 * Usage: java JsseServer.java PORT KEYSTORE.p12 PASSWORD-FILE
 * DHE-RSA only (JSSE picks an RFC 7919 group from the client's supported_groups).  For each
 * connection: read the HTTP request, ask for a renegotiation (on TLS 1.2 startHandshake() sends
 * a HelloRequest, as JSSE servers do when they want a client certificate late), then answer
 * "200 OK" whatever the client did about it, and close.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
import java.io.*;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.*;

public class JsseServer {
  public static void main(String[] args) throws Exception {
    char[] password = Files.readString(Path.of(args[2])).trim().toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(args[1])) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(ks, password);
    SSLContext ctx = SSLContext.getInstance("TLSv1.2");
    ctx.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
        .createServerSocket(Integer.parseInt(args[0]), 5, InetAddress.getByName("127.0.0.1"));
    server.setEnabledProtocols(new String[] {"TLSv1.2"});
    server.setEnabledCipherSuites(new String[] {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"});
    for (;;) {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream()));
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
        }
        s.startHandshake();
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n".getBytes());
        out.flush();
      } catch (IOException e) {
        System.err.println(e);
      }
    }
  }
}
