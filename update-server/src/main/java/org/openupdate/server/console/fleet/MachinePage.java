package org.openupdate.server.console.fleet;

import io.quarkus.qute.TemplateInstance;
import org.openupdate.server.console.Frame;
import org.openupdate.server.fleet.FleetViews.FleetMachine;

/** One machine: how it stands per product, and its reports as a timeline, newest first. */
public record MachinePage(Frame frame, FleetMachine machine) implements TemplateInstance {}
