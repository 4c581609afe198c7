<%@ Page Language="C#" %>
<!DOCTYPE html>
<html>
<head><title>Legacy reports</title></head>
<body>
    <h1>Legacy reports</h1>
    <p>Placeholder page of the webadmin.iis offline example host.</p>
</body>
</html>
