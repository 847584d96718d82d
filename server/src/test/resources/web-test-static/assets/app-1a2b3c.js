console.log("parley test bundle");
