package org.openupdate.server.console;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.problem.Problem;

/** A refused or failed console request, told to a person: what happened and what to do. */
public record ErrorPage(
    Frame frame, int status, String title, String detail, List<Problem.FieldError> errors)
    implements TemplateInstance {}
