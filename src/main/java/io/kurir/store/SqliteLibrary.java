package io.kurir.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.sqlite.util.LibraryLoaderUtil;

/**
 * Writes SQLite's native library for this machine out of the jar into a folder, once per build.
 * Without it the SQLite driver copies the library (1 MB) to the temporary folder and reads it back to
 * compare at every start: about 5% of the start-up on one core. `bin/kurir` runs this when it makes
 * the class archive and then points the driver at the copy (`org.sqlite.lib.path`, `org.sqlite.lib.name`).
 *
 * <pre>java -cp kurir.jar io.kurir.store.SqliteLibrary FOLDER</pre>
 */
public final class SqliteLibrary {

    private SqliteLibrary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp kurir.jar io.kurir.store.SqliteLibrary FOLDER");
            System.exit(2);
        }
        System.out.println(writeTo(Path.of(args[0])));
    }

    /** Writes the library into the folder and answers the file's name. */
    static String writeTo(Path folder) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream library = SqliteLibrary.class.getResourceAsStream(resource)) {
            if (library == null) {
                throw new IOException("the jar holds no SQLite library for this machine (" + resource + ")");
            }
            Files.createDirectories(folder);
            Files.copy(library, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        return name;
    }
}
