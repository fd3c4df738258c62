package org.openupdate.server.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.openupdate.server.signing.ServerKeys;

@ApplicationScoped
class SignInPages {

  @Inject Frames frames;
  @Inject ServerKeys keys;

  String render(String csrf, String then, String error) {
    return new SignInPage(
            frames.signInFrame(csrf), localPath(then), error, keys.fingerprints(), SignInPage.LINKS)
        .render();
  }

  /** Only a path on this server: a link from elsewhere must not send a person to another site. */
  static String localPath(String then) {
    if (then == null || !then.startsWith("/") || then.startsWith("//") || then.contains("\\")) {
      return "/";
    }
    return then;
  }
}
