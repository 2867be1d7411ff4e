"""Makes the re-saved workbooks in this folder (run once by hand; the tests only read the files).

Base: ../bad/implausible_class_size.xlsx with K4 set back to 41 (a clean 8-school county) and the
instructions sheet removed (to keep the files small). Each file is that base edited as a county
would in another program and saved by it:
  openpyxl_*     Debian python3-openpyxl 3.0.9: /usr/bin/python3 make_resaved.py openpyxl
  libreoffice_*  LibreOffice Calc 7.4 (Debian libreoffice-calc-nogui) through UNO:
                 /usr/bin/python3 make_resaved.py libreoffice
Edits: *_deleted_students_primary (column F deleted: every row's primary pupils gone),
*_deleted_teaching_space (column X deleted), *_moved_school_name (column B moved to the end),
*_renamed_school_name (B1/B2 retitled to a label the reader does not know).
"""
import os, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "bad", "implausible_class_size.xlsx")
EDITS = {
    "deleted_students_primary": ("delete", 5),
    "deleted_teaching_space": ("delete", 23),
    "moved_school_name": ("move", 1),
    "renamed_school_name": ("rename", 1),
}


def clean_base(path):
    import openpyxl
    wb = openpyxl.load_workbook(BASE)
    wb["学校"]["K4"].value = 41
    del wb["填表说明"]
    wb.save(path)


def with_openpyxl(base):
    import openpyxl
    for name, (op, col) in EDITS.items():
        wb = openpyxl.load_workbook(base)
        ws = wb["学校"]
        c = col + 1
        if op == "delete":
            ws.delete_cols(c)
        elif op == "move":
            last = ws.max_column
            ws.move_range(f"{ws.cell(1, c).column_letter}1:{ws.cell(ws.max_row, c).column_letter}{ws.max_row}", cols=last + 1 - c)
            ws.delete_cols(c)
        else:
            ws.cell(1, c).value = "校名称呼"
            ws.cell(2, c).value = "name_of_school"
        wb.save(os.path.join(HERE, f"openpyxl_{name}.xlsx"))


def with_libreoffice(base):
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(n, v):
        p = PropertyValue(); p.Name = n; p.Value = v; return p

    proc = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore", "--accept=pipe,name=resaved;urp;"])
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(120):
        try:
            ctx = resolver.resolve("uno:pipe,name=resaved;urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    for name, (op, col) in EDITS.items():
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(base), "_blank", 0, (prop("Hidden", True),))
        ws = doc.Sheets.getByName("学校")
        if op == "delete":
            ws.Columns.removeByIndex(col, 1)
        elif op == "move":
            cur = ws.createCursor(); cur.gotoEndOfUsedArea(False)
            last, rows = cur.RangeAddress.EndColumn, cur.RangeAddress.EndRow
            ws.moveRange(ws.getCellByPosition(last + 1, 0).CellAddress, ws.getCellRangeByPosition(col, 0, col, rows).RangeAddress)
            ws.Columns.removeByIndex(col, 1)
        else:
            ws.getCellByPosition(col, 0).String = "校名称呼"
            ws.getCellByPosition(col, 1).String = "name_of_school"
        doc.storeToURL(uno.systemPathToFileUrl(os.path.join(HERE, f"libreoffice_{name}.xlsx")), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
    try:
        desktop.terminate()
    except Exception:
        pass
    proc.wait(timeout=60)


if __name__ == "__main__":
    base = os.path.join("/tmp", "resaved-base.xlsx")
    clean_base(base)
    {"openpyxl": with_openpyxl, "libreoffice": with_libreoffice}[sys.argv[1]](base)
