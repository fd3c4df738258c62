package org.openupdate.manifest;

/**
 * The bytes of a delta file, written by the server and read by the agent. After the 8-byte magic
 * {@code OUDELTA1} and one byte {@link #ARCHIVE} or {@link #SINGLE_FILE}, everything is one raw
 * Deflate stream ({@link java.util.zip.Deflater} with {@code nowrap}) of {@link
 * java.io.DataOutputStream} records:
 *
 * <pre>
 * 'D' path                                   a directory
 * 'L' path target                            a symbolic link
 * 'F' path mode:int size:long sha256:32B how a regular file of the rebuilt component; how is
 *     'K' basePath                           the installed file at basePath, unchanged
 *     'W' size bytes                         sent whole
 *     'P' basePath ops                       copy/insert ops against the installed basePath:
 *         'C' offset:long length:int         copy from the base file
 *         'I' length:int bytes               insert these bytes
 *         'E'                                end of this file's ops
 * 'E'                                        end of the delta
 * </pre>
 *
 * Paths are UTF (as {@code DataOutputStream.writeUTF}) relative to the component folder; {@code
 * mode} is the Unix permission bits the unpacked file gets, or {@link #NO_MODE} for an archive
 * entry that carries none. The records are the whole file map of the component as the agent unpacks
 * it: the agent writes each file, checks its size and SHA-256 against the record, and builds
 * nothing the map does not list. A {@link #SINGLE_FILE} delta has one 'F' record whose SHA-256 is
 * the component's own: the rebuilt file is the signed artifact, byte for byte.
 */
public final class DeltaFormat {
  public static final byte[] MAGIC = {'O', 'U', 'D', 'E', 'L', 'T', 'A', '1'};
  public static final byte ARCHIVE = 'A';
  public static final byte SINGLE_FILE = 'S';
  public static final byte DIRECTORY = 'D';
  public static final byte LINK = 'L';
  public static final byte FILE = 'F';
  public static final byte KEEP = 'K';
  public static final byte WHOLE = 'W';
  public static final byte PATCH = 'P';
  public static final byte COPY = 'C';
  public static final byte INSERT = 'I';
  public static final byte END = 'E';
  public static final int NO_MODE = -1;

  private DeltaFormat() {}
}
