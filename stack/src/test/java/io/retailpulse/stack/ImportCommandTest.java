package io.retailpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportCommandTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void routesEachFileByItsHeader() throws Exception {
        assertEquals(
                ImportCommand.TRANSACTIONS,
                ImportCommand.endpointFor(
                        file("t.csv", "\uFEFFstore_id,Transaction_ID,ts,product_id,quantity,unit_price,note\n")));
        assertEquals(ImportCommand.SALES_HISTORY, ImportCommand.endpointFor(file("h.csv", "date,store,item,sales\n")));
        StackException other =
                assertThrows(StackException.class, () -> ImportCommand.endpointFor(file("x.csv", "a,b,c\n1,2,3\n")));
        assertTrue(other.getMessage().contains("has the header 'a,b,c'"), other.getMessage());
        assertThrows(StackException.class, () -> ImportCommand.endpointFor(file("e.csv", "")));
    }

    @Test
    void expandsDirectoriesToTheirCsvFilesInNameOrder() throws Exception {
        Path b = file("b.csv", "x");
        Path a = file("a.CSV", "x");
        file("notes.txt", "x");
        Path single =
                Files.writeString(Files.createDirectory(dir.resolve("sub")).resolve("c.csv"), "x");
        assertEquals(List.of(a, b, single), ImportCommand.files(List.of(dir.toString(), single.toString())));
        assertThrows(
                StackException.class,
                () -> ImportCommand.files(List.of(dir.resolve("missing").toString())));
        assertThrows(StackException.class, () -> ImportCommand.files(List.of()));
    }
}
