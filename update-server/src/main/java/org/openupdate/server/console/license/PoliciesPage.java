package org.openupdate.server.console.license;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;
import org.openupdate.server.license.PolicyRequest;

/** Each product's release policy; admins change it. */
public record PoliciesPage(Frame frame, List<ProductPolicy> policies, FormErrors errors)
    implements TemplateInstance {

  public record ProductPolicy(String product, PolicyRequest policy) {}
}
