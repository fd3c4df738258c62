package org.openupdate.server.console.catalog;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.channel.ChannelService.ChannelView;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;
import org.openupdate.server.product.ProductService.ProductView;

/** Products and channels: what releases are published for and to. */
public record CatalogPage(
    Frame frame, List<ProductView> products, List<ChannelView> channels, FormErrors errors)
    implements TemplateInstance {}
