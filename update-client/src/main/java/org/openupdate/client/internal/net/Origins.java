package org.openupdate.client.internal.net;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The origins (scheme, host, port) the agent fetches from on a server's word: the server's own and
 * the configured mirrors'. Content is verified anyway, but an agent should not fetch whatever URL a
 * server or a redirect names.
 */
public final class Origins {
  private final Set<String> allowed = new LinkedHashSet<>();

  public Origins(URI server, List<URI> mirrors) {
    allowed.add(of(server));
    mirrors.forEach(mirror -> allowed.add(of(mirror)));
  }

  public boolean allow(URI uri) {
    return allowed.contains(of(uri));
  }

  /** {@code https://host:443}: scheme and host in lower case, the port always spelled out. */
  public static String of(URI uri) {
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** Why {@code uri} is refused, for messages. */
  public String refusing(URI uri) {
    return Origins.of(uri)
        + " is neither the server nor a mirror configured in 'mirrors' ("
        + String.join(", ", allowed)
        + ")";
  }
}
