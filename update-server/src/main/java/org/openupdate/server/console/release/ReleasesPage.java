package org.openupdate.server.console.release;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.Frame;
import org.openupdate.server.product.ProductService.ProductView;
import org.openupdate.server.release.ReleaseViews.ReleaseSummary;

/** Releases, newest first, filtered by product and state. */
public record ReleasesPage(
    Frame frame,
    List<ProductView> products,
    String product,
    String state,
    List<String> states,
    List<ReleaseSummary> releases)
    implements TemplateInstance {}
