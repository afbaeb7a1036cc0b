package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteLibraryTest {

    @Test
    void writesTheDriversOwnLibraryForThisMachineUnderTheNameTheDriverLoads(@TempDir Path folder) throws Exception {
        String name = SqliteLibrary.writeTo(folder.resolve("kurir.native"));

        byte[] packaged;
        try (InputStream in = SqliteLibrary.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName())) {
            packaged = in.readAllBytes();
        }
        assertArrayEquals(packaged, Files.readAllBytes(folder.resolve("kurir.native").resolve(name)));
    }
}
