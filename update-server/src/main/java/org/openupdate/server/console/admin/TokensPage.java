package org.openupdate.server.console.admin;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.admin.TokenService;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.Frame;

/**
 * API tokens: who may use the API and the console, with which role.
 *
 * @param created the token just created, with its secret: shown in this answer only, or null
 */
public record TokensPage(
    Frame frame,
    List<TokenService.TokenView> tokens,
    List<String> roles,
    TokenService.CreatedToken created,
    FormErrors errors)
    implements TemplateInstance {}
