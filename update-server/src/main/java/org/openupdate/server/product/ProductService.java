package org.openupdate.server.product;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

@ApplicationScoped
public class ProductService {

  /** Same rule as the manifest schema's product names. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public record ProductView(String name, String description, Instant createdAt) {}

  @Inject Clock clock;
  @Inject AuditLog audit;

  @Transactional
  public List<ProductView> list() {
    return Product.<Product>list("order by name").stream().map(ProductService::view).toList();
  }

  @Transactional
  public Optional<Product> find(String name) {
    return Product.byName(name);
  }

  @Transactional
  public ProductView create(String name, String description) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.invalidField(
          "name",
          "must be 1-64 lowercase letters, digits, '.', '_' or '-', was "
              + (name == null ? "missing" : "'" + name + "'"));
    }
    if (Product.byName(name).isPresent()) {
      throw new ProblemException(ProblemType.CONFLICT, "product '" + name + "' already exists");
    }
    Product product = new Product();
    product.name = name;
    product.description = description;
    product.createdAt = clock.instant();
    product.persist();
    ProductView view = view(product);
    audit.record("product.create", "product:" + name, null, view);
    return view;
  }

  private static ProductView view(Product p) {
    return new ProductView(p.name, p.description, p.createdAt);
  }
}
